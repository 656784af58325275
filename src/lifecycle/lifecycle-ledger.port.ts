import type { EntityManager } from 'typeorm';

/**
 * The disclosure ledger as the deletion chain writes into it (issue 5; `LedgerService` in src/ledger
 * has exactly these methods: provide it with `useExisting`). Commands that end or resume a disclosure
 * (domain:delete, contact:delete, restore) get an intent before the frame leaves and an outcome after;
 * each completed deletion gets a deletion receipt with the recipient's confirmation.
 */
export interface LifecycleLedgerPort {
  recordIntent(
    intent: {
      recipient: string;
      subjectId: string;
      subjectKey: Buffer;
      channel: string;
      fields: { field: string; value: string }[];
      purpose: string;
      legalBasis: string;
      domain?: string;
      registrationId?: string;
      clTRID: string;
    },
    manager?: EntityManager,
  ): Promise<{ entryId: string; leafIndex: number }>;
  recordOutcome(
    outcome: {
      intentEntryId: string;
      outcome: 'success' | 'failed' | 'unknown';
      resultCode?: number;
      svTRID?: string;
      reason?: string;
    },
    manager?: EntityManager,
  ): Promise<{ entryId: string; leafIndex: number }>;
  recordDeletionReceipt(
    receipt: {
      recipient: string;
      subjectId: string;
      channel: string;
      what: string;
      domain?: string;
      registrationId?: string;
      clTRID?: string;
      svTRID?: string;
      resultCode?: number;
      pollMessageId?: string;
    },
    manager?: EntityManager,
  ): Promise<{ entryId: string; leafIndex: number }>;
  /** The access report's ledger part (GDPR Art. 15): every entry about the subject, with proofs. */
  disclosuresForSubject(subjectId: string): Promise<SubjectLedgerReport>;
}

/** The ledger's part of the access report (LedgerService.disclosuresForSubject returns a superset). */
export interface SubjectLedgerReport {
  checkpoint: { treeSize: number; rootHash: string; note: string; verifierKey: string };
  entries: {
    leafIndex: number;
    entryId: string;
    kind: string;
    createdAt: string;
    recipient: string;
    channel: string;
    fields: string[];
    domain: string | null;
    svTRID: string | null;
    resultCode: number | null;
    outcome: string | null;
    inclusionProof: string[];
  }[];
}

export const LIFECYCLE_LEDGER = Symbol('LIFECYCLE_LEDGER');

/** The ledger's recipient id for Handoff itself (local erasure receipts): not a recipient of disclosures. */
export const LOCAL_RECIPIENT = 'handoff';
