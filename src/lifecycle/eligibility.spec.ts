import path from 'node:path';
import {
  erasurePlan,
  isContactDeletable,
  isEligibleForErasure,
  isLapseDue,
  isPollMessageExpired,
  isQuarantineCheckDue,
  quarantineEnd,
  SubjectFacts,
} from './eligibility';
import { loadRetentionRules } from './retention/retention-rules';

const POLICY = loadRetentionRules(path.join(__dirname, '..', '..', 'config', 'retention.yaml'));
const NOW = new Date('2026-11-25T12:00:00Z');
const day = (n: number) => new Date(NOW.getTime() + n * 86_400_000);

describe('isLapseDue', () => {
  it('a scheduled lapse effective one ms from now (day -0) is not due', () => {
    expect(isLapseDue({ status: 'scheduled', effectiveAt: new Date(NOW.getTime() + 1) }, NOW)).toBe(false);
  });
  it('a scheduled lapse effective exactly now is due (boundary instant)', () => {
    expect(isLapseDue({ status: 'scheduled', effectiveAt: NOW }, NOW)).toBe(true);
  });
  it('a cancelled lapse long past its moment is not due', () => {
    expect(isLapseDue({ status: 'cancelled', effectiveAt: day(-10) }, NOW)).toBe(false);
  });
});

describe('quarantine end', () => {
  it('uses the registry rgpStatusEnd when it gave one', () => {
    const end = new Date('2027-01-01T10:00:00Z');
    expect(quarantineEnd(NOW, end, POLICY)).toEqual(end);
  });
  it('falls back to deletion + 40 days (day 40) without rgpStatusEnd', () => {
    expect(quarantineEnd(NOW, null, POLICY)).toEqual(day(40));
  });
  it('day 39 of quarantine: not yet time to check; day 40: time to ask the registry', () => {
    const end = quarantineEnd(NOW, null, POLICY);
    expect(isQuarantineCheckDue(end, day(39))).toBe(false);
    expect(isQuarantineCheckDue(end, day(40))).toBe(true);
  });
});

describe('isContactDeletable', () => {
  it('is eligible when the only linking domain was purged', () => {
    expect(
      isContactDeletable({ deletedAtRegistry: false }, [{ registration: 'active', lapse: 'purged' }]),
    ).toEqual({ eligible: true });
  });
  it('is eligible when the linking domain was transferred away', () => {
    expect(
      isContactDeletable({ deletedAtRegistry: false }, [
        { registration: 'active', lapse: 'transferred-away' },
      ]),
    ).toEqual({ eligible: true });
  });
  it('is not eligible while a second domain is still registered (two domains, one lapsed)', () => {
    const r = isContactDeletable({ deletedAtRegistry: false }, [
      { registration: 'active', lapse: 'purged' },
      { registration: 'active', lapse: null },
    ]);
    expect(r).toMatchObject({ eligible: false, code: 'still-linked' });
    expect(!r.eligible && r.reason).toContain('1 domain(s)');
  });
  it('is not eligible while a domain sits in quarantine (a restore needs the contact)', () => {
    const r = isContactDeletable({ deletedAtRegistry: false }, [
      { registration: 'active', lapse: 'quarantine' },
    ]);
    expect(r).toMatchObject({ eligible: false, code: 'still-linked' });
    expect(!r.eligible && r.reason).toContain('quarantine');
  });
  it('ignores failed registrations (they never linked the contact)', () => {
    expect(
      isContactDeletable({ deletedAtRegistry: false }, [{ registration: 'failed', lapse: null }]),
    ).toEqual({ eligible: true });
  });
  it('a contact already deleted is not deleted twice', () => {
    expect(isContactDeletable({ deletedAtRegistry: true }, [])).toMatchObject({
      eligible: false,
      code: 'already-deleted',
    });
  });
});

describe('isEligibleForErasure', () => {
  const gone: SubjectFacts = {
    domains: [{ registration: 'active', lapse: 'purged' }],
    registryContacts: [{ deletedAtRegistry: true }],
    lastDomainGoneAt: NOW,
    erasureRequested: false,
    alreadyErased: false,
    holds: [],
  };

  it('day 13 after quarantine ended: retention (14 days) still running, says until when', () => {
    const r = isEligibleForErasure(gone, day(13), POLICY);
    expect(r).toMatchObject({ eligible: false, code: 'retention-running', retryAt: day(14) });
  });
  it('day 14 after quarantine ended: eligible (boundary day)', () => {
    expect(isEligibleForErasure(gone, day(14), POLICY)).toMatchObject({ eligible: true });
  });
  it('an Art. 17 request waives the retention margin: eligible on day 0', () => {
    expect(isEligibleForErasure({ ...gone, erasureRequested: true }, NOW, POLICY)).toMatchObject({
      eligible: true,
    });
  });
  it('a new registration that arrived meanwhile blocks erasure (job stops as skipped)', () => {
    const r = isEligibleForErasure(
      { ...gone, domains: [...gone.domains, { registration: 'active', lapse: null }] },
      day(30),
      POLICY,
    );
    expect(r).toMatchObject({ eligible: false, code: 'active-registration' });
  });
  it('a domain in quarantine blocks erasure even on request', () => {
    const r = isEligibleForErasure(
      { ...gone, domains: [{ registration: 'active', lapse: 'quarantine' }], erasureRequested: true },
      day(30),
      POLICY,
    );
    expect(r).toMatchObject({ eligible: false, code: 'active-registration' });
    expect(!r.eligible && r.reason).toContain('quarantine');
  });
  it('a registry contact not yet deleted blocks erasure', () => {
    const r = isEligibleForErasure(
      { ...gone, registryContacts: [{ deletedAtRegistry: false }] },
      day(30),
      POLICY,
    );
    expect(r).toMatchObject({ eligible: false, code: 'registry-contact-present' });
  });
  it('an already erased subject is not erased twice', () => {
    expect(isEligibleForErasure({ ...gone, alreadyErased: true }, day(30), POLICY)).toMatchObject({
      eligible: false,
      code: 'already-erased',
    });
  });
  it('a customer who never had a domain can be erased on request', () => {
    const r = isEligibleForErasure(
      { ...gone, domains: [], registryContacts: [], lastDomainGoneAt: null, erasureRequested: true },
      NOW,
      POLICY,
    );
    expect(r).toMatchObject({ eligible: true });
  });
});

describe('erasurePlan', () => {
  it('shreds the contact, deletes the registration record, keeps ledger and lifecycle record by their rules', () => {
    const plan = erasurePlan(POLICY, []);
    const by = Object.fromEntries(plan.map((p) => [p.category, p]));
    expect(by['registrant-contact']).toMatchObject({ action: 'erase', method: 'crypto-shred' });
    expect(by['registration-record']).toMatchObject({ action: 'erase', method: 'delete-rows' });
    expect(by.ledger).toMatchObject({ action: 'keep', rule: POLICY.rules.get('ledger')?.basis });
    expect(by['lifecycle-record']).toMatchObject({ action: 'keep' });
    expect(by['order-record']).toMatchObject({ action: 'erase', method: 'delete-rows' });
  });
  it('a legal hold keeps its categories and names its rule', () => {
    const plan = erasurePlan(POLICY, [{ categories: ['registrant-contact'], rule: 'court order 2026/123' }]);
    expect(plan.find((p) => p.category === 'registrant-contact')).toEqual({
      category: 'registrant-contact',
      action: 'keep',
      method: 'keep',
      rule: 'legal hold: court order 2026/123',
    });
    expect(plan.find((p) => p.category === 'registration-record')).toMatchObject({ action: 'erase' });
  });
});

describe('isPollMessageExpired', () => {
  it('day 364 kept, day 365 expired', () => {
    expect(isPollMessageExpired(NOW, day(364), POLICY)).toBe(false);
    expect(isPollMessageExpired(NOW, day(365), POLICY)).toBe(true);
  });
});
