import { canonicalJson, JsonValue } from './canonical-json';

/**
 * The ledger's entries as data: what one entry says, its canonical text (which is what is stored and
 * hashed), and the columns derived from it for querying. Pure: no database, no clock.
 * An entry holds pseudonymous subject ids, field names and commitments — never a value.
 */

export const ENTRY_VERSION = 1;

export type LedgerEntryKind = 'disclosure-intent' | 'disclosure-outcome' | 'deletion-receipt' | 'incident';
export const LEDGER_ENTRY_KINDS: readonly LedgerEntryKind[] = [
  'disclosure-intent',
  'disclosure-outcome',
  'deletion-receipt',
  'incident',
];

export type DisclosureOutcome = 'success' | 'failed' | 'unknown';

export interface FieldCommitment {
  field: string;
  commitment: string;
}

interface EntryBase {
  v: typeof ENTRY_VERSION;
  id: string;
  at: string;
}

export interface DisclosureIntentEntry extends EntryBase {
  kind: 'disclosure-intent';
  recipient: string;
  role: string;
  subjectId: string;
  channel: string;
  purpose: string;
  legalBasis: string;
  fields: FieldCommitment[];
  domain?: string;
  registrationId?: string;
  clTRID: string;
}

export interface DisclosureOutcomeEntry extends EntryBase {
  kind: 'disclosure-outcome';
  intentId: string;
  intentLeafIndex: number;
  recipient: string;
  subjectId: string;
  channel: string;
  outcome: DisclosureOutcome;
  resultCode?: number;
  svTRID?: string;
  reason?: string;
  domain?: string;
  registrationId?: string;
  clTRID: string;
}

export interface DeletionReceiptEntry extends EntryBase {
  kind: 'deletion-receipt';
  recipient: string;
  role?: string;
  subjectId: string;
  channel: string;
  what: string;
  domain?: string;
  registrationId?: string;
  clTRID?: string;
  svTRID?: string;
  resultCode?: number;
  pollMessageId?: string;
}

export interface IncidentEntry extends EntryBase {
  kind: 'incident';
  /** A LedgerErrorCode value. */
  reason: string;
  recipient: string;
  subjectId: string;
  channel: string;
  /** The field names of the refused attempt (names only). */
  fields: string[];
  /** The names among them that the register does not allow. */
  refusedFields: string[];
  domain?: string;
  registrationId?: string;
  clTRID?: string;
}

export type LedgerEntryBody =
  DisclosureIntentEntry | DisclosureOutcomeEntry | DeletionReceiptEntry | IncidentEntry;

export function serializeEntry(entry: LedgerEntryBody): string {
  return canonicalJson(entry as unknown as JsonValue);
}

/** The query columns stored beside the entry text; always derived from the entry, never set apart. */
export interface EntryColumns {
  entryId: string;
  kind: LedgerEntryKind;
  createdAt: string;
  recipient: string;
  subjectId: string;
  channel: string;
  fields: string[];
  domain: string | null;
  registrationId: string | null;
  clTRID: string | null;
  svTRID: string | null;
  resultCode: number | null;
  outcome: DisclosureOutcome | null;
  intentEntryId: string | null;
}

export function entryColumns(e: LedgerEntryBody): EntryColumns {
  const base = {
    entryId: e.id,
    kind: e.kind,
    createdAt: e.at,
    recipient: e.recipient,
    subjectId: e.subjectId,
    channel: e.channel,
    domain: e.domain ?? null,
    registrationId: e.registrationId ?? null,
    clTRID: e.clTRID ?? null,
  };
  switch (e.kind) {
    case 'disclosure-intent':
      return {
        ...base,
        fields: e.fields.map((f) => f.field),
        svTRID: null,
        resultCode: null,
        outcome: null,
        intentEntryId: null,
      };
    case 'disclosure-outcome':
      return {
        ...base,
        fields: [],
        svTRID: e.svTRID ?? null,
        resultCode: e.resultCode ?? null,
        outcome: e.outcome,
        intentEntryId: e.intentId,
      };
    case 'deletion-receipt':
      return {
        ...base,
        fields: [],
        svTRID: e.svTRID ?? null,
        resultCode: e.resultCode ?? null,
        outcome: null,
        intentEntryId: null,
      };
    case 'incident':
      return {
        ...base,
        fields: [...e.fields],
        svTRID: null,
        resultCode: null,
        outcome: null,
        intentEntryId: null,
      };
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parses stored entry text back into an entry, checking the shape the ledger wrote. Throws a
 * TypeError naming the first problem (never echoing values).
 */
export function parseEntry(text: string): LedgerEntryBody {
  const raw: unknown = JSON.parse(text);
  if (!isObject(raw)) throw new TypeError('entry is not an object');
  if (raw.v !== ENTRY_VERSION) throw new TypeError('unknown entry version');
  if (typeof raw.kind !== 'string' || !(LEDGER_ENTRY_KINDS as readonly string[]).includes(raw.kind)) {
    throw new TypeError('unknown entry kind');
  }
  for (const k of ['id', 'at', 'recipient', 'subjectId', 'channel']) {
    if (typeof raw[k] !== 'string') throw new TypeError(`entry.${k} is not a string`);
  }
  if (raw.kind === 'disclosure-intent') {
    if (!Array.isArray(raw.fields) || !raw.fields.every((f) => isObject(f) && typeof f.field === 'string')) {
      throw new TypeError('entry.fields is malformed');
    }
  }
  if (raw.kind === 'incident') {
    if (!Array.isArray(raw.fields) || !raw.fields.every((f) => typeof f === 'string'))
      throw new TypeError('entry.fields is malformed');
  }
  return raw as unknown as LedgerEntryBody;
}
