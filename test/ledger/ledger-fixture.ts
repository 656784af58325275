import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { Ed25519NoteSigner } from '../../src/ledger/checkpoint/signed-note';
import { Clock } from '../../src/ledger/ledger.config';
import { LedgerRepository } from '../../src/ledger/ledger.repository';
import { DisclosureIntent, LedgerService } from '../../src/ledger/ledger.service';
import { DeclaredRecipient, recipientPolicyFromDeclarations } from '../../src/ledger/recipient-policy';
import { createTestDatabase, TestDatabase } from '../support/database';

export const ORIGIN = 'handoff.test/ledger';

export const REGISTER: DeclaredRecipient[] = [
  {
    id: 'sidn',
    role: 'independent-controller',
    purpose: 'registration of .nl domain names',
    legalBasis: 'GDPR Art. 6(1)(b)',
    fields: [
      'name',
      'street',
      'postalCode',
      'city',
      'countryCode',
      'voice',
      'email',
      'legalForm',
      'kvkNumber',
    ],
  },
  {
    id: 'escrow',
    role: 'processor',
    purpose: 'data escrow',
    legalBasis: 'GDPR Art. 6(1)(c)',
    fields: ['name', 'email'],
  },
];

/** A clock that moves one second per reading, from a fixed start. */
export function steppingClock(start = Date.parse('2026-03-01T09:00:00.000Z')): Clock {
  let t = start;
  return { now: () => new Date((t += 1000)) };
}

export interface LedgerFixture {
  db: TestDatabase;
  service: LedgerService;
  repository: LedgerRepository;
  signer: Ed25519NoteSigner;
}

export async function createLedgerFixture(prefix: string): Promise<LedgerFixture> {
  const db = await createTestDatabase(prefix);
  const signer = new Ed25519NoteSigner(ORIGIN, generateKeyPairSync('ed25519').privateKey);
  const repository = new LedgerRepository(db.dataSource);
  const service = new LedgerService(
    repository,
    recipientPolicyFromDeclarations(REGISTER),
    { origin: ORIGIN, signer },
    steppingClock(),
  );
  return { db, service, repository, signer };
}

export const SUBJECT_VALUES = {
  name: 'Jan de Vries',
  street: 'Kerkstraat 1',
  postalCode: '1234AB',
  city: 'Arnhem',
  countryCode: 'NL',
  voice: '+31.612345678',
  email: 'jan@example.nl',
};

export function sidnIntent(overrides: Partial<DisclosureIntent> = {}): DisclosureIntent {
  return {
    recipient: 'sidn',
    subjectId: 'subj_' + randomBytes(6).toString('hex'),
    subjectKey: randomBytes(32),
    channel: 'epp:contact:create',
    fields: Object.entries(SUBJECT_VALUES).map(([field, value]) => ({ field, value })),
    purpose: REGISTER[0].purpose,
    legalBasis: REGISTER[0].legalBasis,
    domain: 'voorbeeld.nl',
    registrationId: 'reg_' + randomBytes(4).toString('hex'),
    clTRID: 'HO-' + randomBytes(6).toString('hex'),
    ...overrides,
  };
}
