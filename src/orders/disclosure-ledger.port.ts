import type { EntityManager } from 'typeorm';

/**
 * The disclosure ledger as the workflow writes into it (issue 5; implemented by LedgerService in
 * src/ledger). Intents are committed before a contact-carrying frame leaves; outcomes after.
 */
export type DisclosureChannel = 'epp:contact:create' | 'epp:contact:update';

export interface DisclosureIntent {
  recipient: string;
  subjectId: string;
  subjectKey: Buffer;
  channel: DisclosureChannel;
  fields: { field: string; value: string }[];
  purpose: string;
  legalBasis: string;
  domain?: string;
  registrationId?: string;
  clTRID: string;
}

export interface DisclosureOutcomeRecord {
  intentEntryId: string;
  outcome: 'success' | 'failed' | 'unknown';
  resultCode?: number;
  svTRID?: string;
  reason?: string;
}

export interface DisclosureLedger {
  recordIntent(
    intent: DisclosureIntent,
    manager?: EntityManager,
  ): Promise<{ entryId: string; leafIndex: number }>;
  recordOutcome(outcome: DisclosureOutcomeRecord, manager?: EntityManager): Promise<unknown>;
}

export const DISCLOSURE_LEDGER = Symbol('DISCLOSURE_LEDGER');

/** Reads the personal-data fields from an encoded frame (the codec's `extractDisclosure`). */
export type DisclosureExtractor = (
  xml: string,
) => { fields: readonly { field: string; value: string }[] } | null;
export const DISCLOSURE_EXTRACTOR = Symbol('DISCLOSURE_EXTRACTOR');
