import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CustomerProfilesRepository } from '../contacts/customer-profiles.repository';
import { RegistrantContactsRepository } from '../contacts/registrant-contacts.repository';
import { extractDisclosure } from '../epp/codec/disclosure';
import { EppError } from '../epp/codec/errors';
import { SubjectKeyUnavailableError } from '../privacy-crypto/subject-keys.service';
import { SubjectKeysService } from '../privacy-crypto/subject-keys.service';
import type { CustomerProfile } from '../recipients/profile-fields';
import { wireNames } from '../recipients/recipient-policy.provider';
import { RECIPIENTS_REGISTER } from '../recipients/recipients.module';
import { RecipientsRegister, SIDN_RECIPIENT } from '../recipients/recipients-register';
import { projectRegistrant, registrantUpdate } from '../recipients/sidn-projection';
import { DeletionChain } from '../lifecycle/deletion-chain';
import { erasurePlan, isEligibleForErasure } from '../lifecycle/eligibility';
import { DeletionStepsRepository } from '../lifecycle/jobs/deletion-steps.repository';
import { lapseView } from '../lifecycle/lapse.controller';
import { LapsesRepository } from '../lifecycle/lapses.repository';
import { LIFECYCLE_CLOCK, LifecycleClock } from '../lifecycle/lifecycle-clock';
import {
  LIFECYCLE_LEDGER,
  LifecycleLedgerPort,
  SubjectLedgerReport,
} from '../lifecycle/lifecycle-ledger.port';
import { LIFECYCLE_REGISTRY, LifecycleRegistryPort } from '../lifecycle/lifecycle-registry.port';
import { LifecycleError, LifecycleErrorCode } from '../lifecycle/lifecycle.error';
import { REGISTRY_RECIPIENT } from '../lifecycle/registry-endings';
import { RETENTION_POLICY, RetentionPolicy } from '../lifecycle/retention/retention-rules';
import { SubjectPrivacyRepository } from '../lifecycle/subject-privacy.repository';
import { SubjectRecordsRepository } from '../lifecycle/subject-records.repository';
import { changedFields, FROZEN_FOR_REGISTRANTS, parseProfilePatch } from './rectification';

/**
 * The data subject's rights, used by the helpdesk (scope privacy:admin): access (Art. 15),
 * rectification with notification of recipients (Art. 16, 19), erasure (Art. 17), restriction
 * (Art. 18), portability (Art. 20), and legal holds that keep data from erasure with their rule.
 */
@Injectable()
export class PrivacyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: SubjectRecordsRepository,
    private readonly privacy: SubjectPrivacyRepository,
    private readonly lapses: LapsesRepository,
    private readonly steps: DeletionStepsRepository,
    private readonly chain: DeletionChain,
    private readonly profiles: CustomerProfilesRepository,
    private readonly contacts: RegistrantContactsRepository,
    private readonly keys: SubjectKeysService,
    @Inject(RECIPIENTS_REGISTER) private readonly register: RecipientsRegister,
    @Inject(LIFECYCLE_LEDGER) private readonly ledger: LifecycleLedgerPort,
    @Inject(LIFECYCLE_REGISTRY) private readonly registry: LifecycleRegistryPort,
    @Inject(RETENTION_POLICY) private readonly policy: RetentionPolicy,
    @Inject(LIFECYCLE_CLOCK) private readonly clock: LifecycleClock,
  ) {}

  private async subject(customerId: string): Promise<string> {
    const subjectId = await this.records.subjectForCustomer(customerId);
    if (!subjectId)
      throw new LifecycleError(
        LifecycleErrorCode.CustomerNotFound,
        'no personal data of this customer is held (never, or erased)',
      );
    return subjectId;
  }

  private async profile(subjectId: string): Promise<CustomerProfile | null> {
    try {
      return (await this.profiles.load(subjectId)) ?? null;
    } catch (e) {
      if (e instanceof SubjectKeyUnavailableError) return null;
      throw e;
    }
  }

  // ---- Art. 15 -----------------------------------------------------------------------------------

  async accessReport(customerId: string) {
    const subjectId = await this.records.subjectForCustomer(customerId);
    const generatedAt = this.clock.now().toISOString();
    if (!subjectId)
      return {
        customerId,
        generatedAt,
        held: false as const,
        note: 'Handoff holds no personal data of this customer (never held, or erased).',
      };
    const [profile, regs, contact, privacy, holds, lapses, steps] = [
      await this.profile(subjectId),
      await this.records.registrationsOfSubject(subjectId),
      await this.records.registrantContact(subjectId),
      await this.privacy.find(subjectId),
      await this.records.activeLegalHolds(subjectId),
      await this.subjectLapses(subjectId),
      await this.steps.forSubject(subjectId),
    ];
    let ledger: SubjectLedgerReport | { error: string };
    try {
      ledger = await this.ledger.disclosuresForSubject(subjectId);
    } catch (e) {
      ledger = { error: `the ledger part is unavailable (${(e as Error).name})` };
    }
    const eligibility = isEligibleForErasure(
      await this.chain.subjectFacts(subjectId),
      this.clock.now(),
      this.policy,
    );
    return {
      customerId,
      subjectId,
      generatedAt,
      held: true as const,
      data: profile ? { ...profile, extra: profile.extra } : null,
      registrations: regs.map((r) => ({
        registrationId: r.id,
        domain: r.domainName,
        status: r.status,
        createdAt: r.createdAt.toISOString(),
      })),
      registryContact: contact ? { handle: contact.handle, recipient: REGISTRY_RECIPIENT } : null,
      recipients: this.register.recipients.map((r) => ({
        id: r.id,
        name: r.name,
        role: r.role,
        purpose: r.purpose,
        legalBasis: r.legalBasis,
        fields: [...r.fields.keys()],
      })),
      disclosures: ledger,
      restriction: {
        restricted: privacy?.restricted ?? false,
        since: privacy?.restrictedAt?.toISOString() ?? null,
        reason: privacy?.restrictionReason ?? null,
      },
      legalHolds: holds,
      lapses: lapses.map(lapseView),
      deletionSteps: steps.map((s) => ({
        kind: s.kind,
        status: s.status,
        reason: s.reason,
        resultCode: s.resultCode,
        svTRID: s.svTRID,
        receiptEntryId: s.receiptEntryId,
        finishedAt: s.finishedAt?.toISOString() ?? null,
      })),
      retention: {
        plan: erasurePlan(this.policy, holds),
        erasableNow: eligibility.eligible,
        ...(eligibility.eligible ? {} : { notYetBecause: eligibility.reason }),
        rules: [...this.policy.rules.values()].map((r) => ({
          category: r.category,
          anchor: r.anchor,
          keepDays: r.keepDays,
          erase: r.erase,
          basis: r.basis,
        })),
      },
    };
  }

  /** The access report as a document a person reads (plain text). */
  async accessReportText(customerId: string): Promise<string> {
    const r = await this.accessReport(customerId);
    if (!r.held)
      return `Access report (GDPR Art. 15) for customer ${customerId}\nGenerated ${r.generatedAt}\n\n${r.note}\n`;
    const lines: string[] = [];
    const add = (s = '') => lines.push(s);
    add(`Access report (GDPR Art. 15) for customer ${customerId}`);
    add(`Generated ${r.generatedAt}; pseudonymous subject id ${r.subjectId}`);
    add();
    add('1. The personal data we hold');
    if (r.data) {
      for (const [k, v] of Object.entries(r.data)) {
        if (k === 'extra') continue;
        if (v !== undefined) add(`   ${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`);
      }
      for (const [k, v] of Object.entries(r.data.extra ?? {})) add(`   ${k}: ${JSON.stringify(v)}`);
    } else add('   (none readable: the data was erased)');
    add();
    add('2. Registrations');
    for (const g of r.registrations) add(`   ${g.domain}: ${g.status} since ${g.createdAt}`);
    if (!r.registrations.length) add('   none');
    add();
    add('3. Who received your data, and when');
    if ('entries' in r.disclosures) {
      for (const e of r.disclosures.entries) {
        add(
          `   ${e.createdAt}  ${e.recipient}  ${e.kind}  ${e.channel}${e.fields.length ? `  fields: ${e.fields.join(', ')}` : ''}${e.outcome ? `  (${e.outcome})` : ''}`,
        );
      }
      add(
        `   Every line is in the ledger's signed checkpoint of size ${r.disclosures.checkpoint.treeSize}, with an inclusion proof (JSON report).`,
      );
    } else add(`   ${r.disclosures.error}`);
    add();
    add('4. Recipients, why they receive data and on which basis');
    for (const x of r.recipients)
      add(`   ${x.name} (${x.role}): ${x.purpose}; ${x.legalBasis}; fields: ${x.fields.join(', ')}`);
    add();
    add('5. How long we keep it');
    for (const p of r.retention.plan)
      add(`   ${p.category}: ${p.action === 'erase' ? `erased (${p.method})` : 'kept'} - ${p.rule}`);
    add(`   Erasable now: ${r.retention.erasableNow ? 'yes' : `no - ${r.retention.notYetBecause}`}`);
    add();
    add(
      `6. Restriction of processing: ${r.restriction.restricted ? `yes, since ${r.restriction.since}` : 'no'}`,
    );
    if (r.legalHolds.length)
      add(`   Legal holds: ${r.legalHolds.map((h) => `${h.categories.join('+')} (${h.rule})`).join('; ')}`);
    return lines.join('\n') + '\n';
  }

  private async subjectLapses(subjectId: string) {
    const regs = await this.records.registrationsOfSubject(subjectId);
    const out = [];
    for (const name of new Set(regs.map((r) => r.domainName)))
      out.push(...(await this.lapses.historyOf(name)).filter((l) => l.subjectId === subjectId));
    return out;
  }

  // ---- Art. 20 -----------------------------------------------------------------------------------

  async portability(customerId: string) {
    const subjectId = await this.subject(customerId);
    const profile = await this.profile(subjectId);
    const regs = await this.records.registrationsOfSubject(subjectId);
    return {
      format: 'handoff-portability/1',
      customerId,
      exportedAt: this.clock.now().toISOString(),
      profile,
      domains: regs
        .filter((r) => r.state === 'active')
        .map((r) => ({ domain: r.domainName, registeredSince: r.createdAt.toISOString() })),
    };
  }

  // ---- Art. 18 -----------------------------------------------------------------------------------

  async setRestriction(customerId: string, restricted: boolean, reason: string | undefined) {
    const subjectId = await this.subject(customerId);
    await this.privacy.setRestriction(subjectId, restricted, reason ?? null, this.clock.now());
    const p = await this.privacy.find(subjectId);
    return {
      customerId,
      restricted: p?.restricted ?? restricted,
      since: p?.restrictedAt?.toISOString() ?? null,
      reason: p?.restrictionReason ?? null,
    };
  }

  // ---- legal holds --------------------------------------------------------------------------------

  async addLegalHold(customerId: string, categories: string[], rule: string) {
    const subjectId = await this.subject(customerId);
    const unknown = categories.filter((c) => !this.policy.rules.has(c));
    if (unknown.length)
      throw new LifecycleError(
        LifecycleErrorCode.InvalidRequest,
        `unknown data categories: ${unknown.join(', ')}`,
      );
    const id = randomUUID();
    await this.dataSource.query(
      `INSERT INTO legal_holds (id, subject_id, categories, rule, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [id, subjectId, categories, rule, this.clock.now()],
    );
    return { id, categories, rule };
  }

  async releaseLegalHold(customerId: string, holdId: string) {
    const subjectId = await this.subject(customerId);
    const result = (await this.dataSource.query(
      `UPDATE legal_holds SET released_at = $3 WHERE id = $1 AND subject_id = $2 AND released_at IS NULL RETURNING id`,
      [holdId, subjectId, this.clock.now()],
    )) as [unknown[], number];
    if (!result[0].length)
      throw new LifecycleError(LifecycleErrorCode.CustomerNotFound, 'no such active legal hold');
    await this.steps.enqueue(
      'subject-erasure',
      subjectId,
      { subjectId, runAt: this.clock.now() },
      this.clock.now(),
    );
    return { id: holdId, released: true };
  }

  // ---- Art. 17 -----------------------------------------------------------------------------------

  /**
   * Erasure on request. While a registration is active the contract needs the data: answer what
   * blocks it and offer the lapse. Otherwise run the deletion chain now (contact at the registry,
   * then local erasure; the retention margin after quarantine is waived on request).
   */
  async requestErasure(customerId: string) {
    const subjectId = await this.subject(customerId);
    const now = this.clock.now();
    const regs = await this.records.registrationsOfSubject(subjectId);
    const latest = await this.lapses.latestForRegistrations(regs.map((r) => r.id));
    const blocking = regs.filter((r) => {
      const l = latest.get(r.id)?.status;
      return r.state === 'active' && l !== 'purged' && l !== 'transferred-away';
    });
    if (blocking.length) {
      throw new LifecycleError(
        LifecycleErrorCode.ErasureBlocked,
        'registrations still need the data (performance of the contract, GDPR Art. 6(1)(b) and 17(3)): lapse them first',
        {
          blockers: blocking.map((r) => {
            const l = latest.get(r.id);
            const inQuarantine = l?.status === 'quarantine';
            return {
              domain: r.domainName,
              state:
                l && ['scheduled', 'deleting', 'quarantine'].includes(l.status)
                  ? `lapse ${l.status}`
                  : r.status,
              ...(inQuarantine
                ? {
                    until: l?.quarantineEndsAt?.toISOString(),
                    note: 'restorable until quarantine ends; erased after',
                  }
                : {}),
              ...(l && ['scheduled', 'deleting', 'quarantine'].includes(l.status)
                ? {}
                : {
                    offer: {
                      method: 'POST',
                      href: `/v1/domains/${r.domainName}/lapse`,
                      body: { mode: 'now' },
                    },
                  }),
            };
          }),
        },
      );
    }
    await this.dataSource.transaction(async (m) => {
      await this.privacy.markErasureRequested(subjectId, now, m);
      await this.chain.queueContactOrErasure(subjectId, now, m);
    });
    return {
      customerId,
      status: 'erasure-queued',
      steps: (await this.steps.forSubject(subjectId)).filter((s) => s.status === 'queued').map((s) => s.kind),
    };
  }

  // ---- Art. 16 + 19 ------------------------------------------------------------------------------

  /**
   * Rectification: updates our copy, sends SIDN a contact:update for what changed (recorded in the
   * ledger like every disclosure), and reports, per recipient that received an old value, how it
   * was notified (Art. 19). A registrant's name and legal form cannot change by update at SIDN.
   */
  async rectify(customerId: string, body: unknown) {
    const subjectId = await this.subject(customerId);
    const now = this.clock.now();
    const current = await this.profile(subjectId);
    if (!current)
      throw new LifecycleError(
        LifecycleErrorCode.SubjectErased,
        "the customer's data is no longer readable (erased)",
      );
    const parsed = parseProfilePatch(body, current);
    if (!parsed.ok)
      throw new LifecycleError(LifecycleErrorCode.InvalidRequest, 'invalid rectification', {
        violations: parsed.violations,
      });
    const changed = changedFields(current, parsed.patch);
    if (changed.length === 0) return { customerId, changed: [], notifications: [] };
    const contact = await this.contacts.find(subjectId);
    if (contact && (await this.privacy.find(subjectId))?.restricted) {
      throw new LifecycleError(
        LifecycleErrorCode.RectificationRefused,
        'processing is restricted (GDPR Art. 18): the corrected data cannot be sent to the registry; lift the restriction first',
      );
    }
    const frozen = changed.filter((f) => FROZEN_FOR_REGISTRANTS.includes(f));
    if (contact && frozen.length) {
      throw new LifecycleError(
        LifecycleErrorCode.RegistrantIdentityFrozen,
        `SIDN does not allow a registrant's ${frozen.join(', ')} to change by update; the holder must change by a change of registrant (a new registrant contact and a registrant change of the domain)`,
        {
          fields: frozen,
          rule: 'SIDN: name, legal form and KvK number of a registrant are fixed (DRS5 manual 3.1.4)',
        },
      );
    }
    const next: CustomerProfile = { ...current, ...parsed.patch, extra: current.extra };
    const notifications: {
      recipient: string;
      fields: string[];
      notified: boolean;
      by?: string;
      svTRID?: string;
      reason?: string;
    }[] = [];
    // Art. 19: who received an old value of a changed field?
    const received = await this.recipientsOfChangedFields(subjectId, changed);
    if (contact && contact.state === 'active') {
      const copy = await this.contacts.registryCopy(subjectId);
      const sidn = this.register.recipients.find((r) => r.id === SIDN_RECIPIENT);
      if (!copy || !sidn)
        throw new LifecycleError(
          LifecycleErrorCode.RectificationRefused,
          'the registry copy of the contact is not available',
        );
      const projection = projectRegistrant(next, sidn, await this.registry.profile());
      const cmd = registrantUpdate(contact.handle, copy, projection.contact);
      if (cmd) {
        if (
          !(await this.contacts.startUpdate(
            subjectId,
            randomUUID(), // the owner is this rectification (not a registration); an order finding it abandoned takes it over
            projection.contact,
            now,
          ))
        ) {
          throw new LifecycleError(
            LifecycleErrorCode.RectificationRefused,
            'the registry contact is being written for an order right now; retry',
          );
        }
        await this.profiles.save(subjectId, next, now);
        let intentEntryId: string | undefined;
        try {
          const answer = await this.registry.updateContact(cmd, async (frame) => {
            const disclosed = extractDisclosure(frame.xml);
            const intent = await this.ledger.recordIntent({
              recipient: SIDN_RECIPIENT,
              subjectId,
              subjectKey: await this.keys.commitmentKey(subjectId),
              channel: 'epp:contact:update',
              fields: (disclosed?.fields ?? []).map((f) => ({ field: f.field, value: f.value })),
              purpose: sidn.purpose,
              legalBasis: sidn.legalBasis,
              clTRID: frame.clTRID,
            });
            intentEntryId = intent.entryId;
          });
          await this.dataSource.transaction(async (m) => {
            if (intentEntryId)
              await this.ledger.recordOutcome(
                { intentEntryId, outcome: 'success', resultCode: answer.resultCode, svTRID: answer.svTRID },
                m,
              );
            await this.contacts.activate(subjectId, contact.handle, projection.contact, now, m);
          });
          notifications.push({
            recipient: SIDN_RECIPIENT,
            fields: changed,
            notified: true,
            by: 'epp:contact:update',
            svTRID: answer.svTRID,
          });
        } catch (e) {
          if (intentEntryId) {
            await this.ledger.recordOutcome(
              e instanceof EppError
                ? {
                    intentEntryId,
                    outcome: 'failed',
                    resultCode: e.resultCode,
                    svTRID: e.svTRID,
                    reason: e.code,
                  }
                : { intentEntryId, outcome: 'unknown', reason: 'no answer' },
            );
          }
          await this.dataSource.transaction((m) => this.contacts.abortUpdate(subjectId, now, m));
          await this.profiles.save(subjectId, current, now);
          if (e instanceof EppError)
            throw new LifecycleError(
              LifecycleErrorCode.RectificationRefused,
              `the registry refused the update: ${e.resultCode} ${e.reason}`,
            );
          throw new LifecycleError(
            LifecycleErrorCode.RegistryOutcomeUnknown,
            'the registry did not answer; the rectification was not applied: retry',
          );
        }
      } else {
        await this.profiles.save(subjectId, next, now);
      }
    } else {
      await this.profiles.save(subjectId, next, now);
    }
    for (const r of received) {
      if (r.recipient === SIDN_RECIPIENT && notifications.some((x) => x.recipient === SIDN_RECIPIENT))
        continue;
      notifications.push({
        recipient: r.recipient,
        fields: r.fields,
        notified: false,
        reason: 'no notification channel to this recipient: notify by hand and record it',
      });
    }
    return { customerId, changed, notifications };
  }

  /** Recipients whose successful disclosures carried any wire field of the changed profile fields. */
  private async recipientsOfChangedFields(
    subjectId: string,
    changed: string[],
  ): Promise<{ recipient: string; fields: string[] }[]> {
    let report: SubjectLedgerReport;
    try {
      report = await this.ledger.disclosuresForSubject(subjectId);
    } catch {
      return [];
    }
    const sidn = this.register.recipients.find((r) => r.id === SIDN_RECIPIENT);
    const byRecipient = new Map<string, Set<string>>();
    for (const e of report.entries) {
      if (e.kind !== 'disclosure-intent') continue;
      for (const f of changed) {
        const names = wireNames(f as never, sidn?.registry).map((w) => w.replace(/\[\d+\]$/, ''));
        if (e.fields.some((w) => names.includes(w.replace(/\[\d+\]$/, '')))) {
          if (!byRecipient.has(e.recipient)) byRecipient.set(e.recipient, new Set());
          byRecipient.get(e.recipient)?.add(f);
        }
      }
    }
    return [...byRecipient].map(([recipient, fields]) => ({ recipient, fields: [...fields] }));
  }
}
