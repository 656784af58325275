import { DAY_MS } from './lapse-moment';
import { isDomainGone, LapseStatus } from './lapse-state';
import { RetentionCategory, RetentionPolicy, ruleFor } from './retention/retention-rules';

/**
 * The deletion predicates: pure functions of what the job re-loaded, a fixed `now` and the retention
 * policy. Each answers eligible, or not with a code and a reason a helpdesk can read (counts and
 * dates, never personal data). Jobs call them again right before acting (check -> queue -> re-check
 * -> act -> record), so a new registration that arrived in between stops the deletion.
 */
export type Ineligible<C extends string> = {
  readonly eligible: false;
  readonly code: C;
  readonly reason: string;
  readonly retryAt?: Date;
};

// ---- 1. domain: is the lapse due? ----------------------------------------------------------------

export function isLapseDue(lapse: { status: LapseStatus; effectiveAt: Date }, now: Date): boolean {
  return lapse.status === 'scheduled' && lapse.effectiveAt.getTime() <= now.getTime();
}

// ---- 2. domain: has quarantine ended? ------------------------------------------------------------

/** When quarantine ends: the registry's `rgpStatusEnd` when it said so, else deletion + the policy's days. */
export function quarantineEnd(
  deletedAt: Date,
  rgpStatusEnd: Date | null,
  policy: Pick<RetentionPolicy, 'quarantineDays'>,
): Date {
  return rgpStatusEnd ?? new Date(deletedAt.getTime() + policy.quarantineDays * DAY_MS);
}

/** The clock alone never decides: the end only makes it time to ask the registry (info or poll confirms). */
export function isQuarantineCheckDue(end: Date, now: Date): boolean {
  return now.getTime() >= end.getTime();
}

// ---- 3. registry contact: may it be deleted? -----------------------------------------------------

/** A domain of ours that names the contact as registrant, with where it stands. */
export interface LinkingDomain {
  /** The registration's own status (orders module) — `failed` registrations never linked anything. */
  readonly registration: 'active' | 'failed' | 'gone';
  /** The open or last lapse of the domain, if any. */
  readonly lapse: LapseStatus | null;
}

export type ContactEligibility = { readonly eligible: true } | Ineligible<'still-linked' | 'already-deleted'>;

export function isContactDeletable(
  contact: { readonly deletedAtRegistry: boolean },
  linking: readonly LinkingDomain[],
): ContactEligibility {
  if (contact.deletedAtRegistry) {
    return { eligible: false, code: 'already-deleted', reason: 'the registry contact is already deleted' };
  }
  const live = linking.filter(
    (d) => d.registration === 'active' && !(d.lapse !== null && isDomainGone(d.lapse)),
  );
  if (live.length === 0) return { eligible: true };
  const inQuarantine = live.filter((d) => d.lapse === 'quarantine').length;
  return {
    eligible: false,
    code: 'still-linked',
    reason:
      `${live.length} domain(s) of ours still link the contact` +
      (inQuarantine ? ` (${inQuarantine} in quarantine, restorable with this contact)` : ''),
  };
}

// ---- 4. local erasure: may the subject's personal data go? ---------------------------------------

export interface LegalHold {
  /** Categories the hold keeps (e.g. `registrant-contact`). */
  readonly categories: readonly string[];
  /** The rule or case that requires it (statute, court order, dispute reference). */
  readonly rule: string;
}

export interface SubjectFacts {
  /** Every registration of the subject (domains), with its state. */
  readonly domains: readonly LinkingDomain[];
  /** The subject's registry contacts: deleted at the registry (by us or the registry's own purge) or not. */
  readonly registryContacts: readonly { readonly deletedAtRegistry: boolean }[];
  /** When the subject's last domain left quarantine or was transferred away; null if it never had one gone. */
  readonly lastDomainGoneAt: Date | null;
  /** The data subject asked for erasure (Art. 17): the retention margin after quarantine is waived. */
  readonly erasureRequested: boolean;
  readonly alreadyErased: boolean;
  readonly holds: readonly LegalHold[];
}

export type ErasureIneligibility =
  'active-registration' | 'registry-contact-present' | 'retention-running' | 'already-erased';

export interface ErasurePlanItem {
  readonly category: RetentionCategory;
  readonly action: 'erase' | 'keep';
  readonly method: 'crypto-shred' | 'delete-rows' | 'keep';
  /** Why: the retention rule's basis, or the legal hold's rule that kept it. */
  readonly rule: string;
}

export type ErasureEligibility =
  { readonly eligible: true; readonly plan: readonly ErasurePlanItem[] } | Ineligible<ErasureIneligibility>;

/**
 * May the subject's personal data be erased now? Not while a domain of ours is registered or in
 * quarantine (the contract, and a restore, need it), not while its registry contact still exists,
 * not before the retention margin after the last quarantine ended (waived on an Art. 17 request).
 * When eligible, the plan says per category what goes and what a hold or statute keeps.
 */
export function isEligibleForErasure(
  facts: SubjectFacts,
  now: Date,
  policy: RetentionPolicy,
): ErasureEligibility {
  if (facts.alreadyErased)
    return { eligible: false, code: 'already-erased', reason: "the subject's data was already erased" };
  const blocking = facts.domains.filter(
    (d) => d.registration === 'active' && !(d.lapse !== null && isDomainGone(d.lapse)),
  );
  if (blocking.length > 0) {
    const inQuarantine = blocking.filter((d) => d.lapse === 'quarantine').length;
    return {
      eligible: false,
      code: 'active-registration',
      reason:
        `${blocking.length} registration(s) still need the data` +
        (inQuarantine ? ` (${inQuarantine} in quarantine: restorable until it ends)` : ' (lapse them first)'),
    };
  }
  const present = facts.registryContacts.filter((c) => !c.deletedAtRegistry).length;
  if (present > 0) {
    return {
      eligible: false,
      code: 'registry-contact-present',
      reason: `${present} registry contact(s) not yet deleted at the registry`,
    };
  }
  const contactRule = ruleFor(policy, 'registrant-contact');
  if (!facts.erasureRequested && facts.lastDomainGoneAt) {
    const due = new Date(facts.lastDomainGoneAt.getTime() + contactRule.keepDays * DAY_MS);
    if (now.getTime() < due.getTime()) {
      return {
        eligible: false,
        code: 'retention-running',
        reason: `retention (${contactRule.keepDays} days after quarantine) runs until ${due.toISOString()}`,
        retryAt: due,
      };
    }
  }
  return { eligible: true, plan: erasurePlan(policy, facts.holds) };
}

/**
 * Per category, what erasure of one subject does. Pure; used by the job and by the access report.
 * `order-record` is Handoff's copy of order data (idempotency key, request digest) inside the
 * registration record; the order system keeps its own order and invoice records under its own rules.
 */
export function erasurePlan(policy: RetentionPolicy, holds: readonly LegalHold[]): ErasurePlanItem[] {
  const categories: RetentionCategory[] = [
    'registrant-contact',
    'registration-record',
    'order-record',
    'lifecycle-record',
    'ledger',
  ];
  return categories.map((category) => {
    const rule = ruleFor(policy, category);
    const hold = holds.find((h) => h.categories.includes(category));
    if (hold) return { category, action: 'keep', method: 'keep', rule: `legal hold: ${hold.rule}` };
    if (rule.erase === 'keep') return { category, action: 'keep', method: 'keep', rule: rule.basis };
    return { category, action: 'erase', method: rule.erase, rule: rule.basis };
  });
}

// ---- poll messages: may a handled message record go? --------------------------------------------

export function isPollMessageExpired(handledAt: Date, now: Date, policy: RetentionPolicy): boolean {
  return now.getTime() >= handledAt.getTime() + ruleFor(policy, 'poll-message').keepDays * DAY_MS;
}
