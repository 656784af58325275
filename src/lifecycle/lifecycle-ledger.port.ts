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
}

export const LIFECYCLE_LEDGER = Symbol('LIFECYCLE_LEDGER');

/** The ledger's recipient id for Handoff itself (local erasure receipts): not a recipient of disclosures. */
export const LOCAL_RECIPIENT = 'handoff';
