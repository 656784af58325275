import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { buildBundle, LedgerBundle } from './bundle/bundle';
import { signCheckpoint } from './checkpoint/checkpoint';
import { Ed25519NoteSigner } from './checkpoint/signed-note';
import { commitField, SUBJECT_KEY_BYTES } from './commitment';
import { Clock, LEDGER_CLOCK } from './ledger.config';
import { LedgerError, LedgerErrorCode } from './ledger.error';
import {
  DeletionReceiptEntry,
  DisclosureIntentEntry,
  DisclosureOutcome,
  DisclosureOutcomeEntry,
  ENTRY_VERSION,
  IncidentEntry,
  LedgerEntryBody,
  LedgerEntryKind,
  parseEntry,
} from './ledger-entry';
import {
  LedgerCheckpointRow,
  LedgerEntryFilter,
  LedgerEntryRow,
  LedgerRepository,
  OpenIntentRow,
  RecipientFieldUsage,
} from './ledger.repository';
import { verifyStoredLedger } from './ledger-audit';
import { LedgerVerification } from './ledger-verification';
import { consistencyProof, inclusionProof, rootFromLeafHashes } from './merkle/merkle';
import { RECIPIENT_POLICY, RecipientPolicy } from './recipient-policy';

/** A disclosure about to be sent: recorded before the frame leaves. */
export interface DisclosureIntent {
  /** Recipient id from the recipients register, e.g. 'sidn'. */
  recipient: string;
  /** Pseudonymous subject id (never a name). */
  subjectId: string;
  /** The subject's own 32-byte commitment key (HMAC key); never stored. */
  subjectKey: Buffer;
  /** 'epp:contact:create' | 'epp:contact:update' | 'epp:contact:delete' | 'epp:domain:delete' | ... */
  channel: string;
  /** Derived from the encoded wire frame by the caller; values are committed to, never stored. */
  fields: readonly { field: string; value: string }[];
  purpose: string;
  legalBasis: string;
  domain?: string;
  registrationId?: string;
  clTRID: string;
}

export interface DisclosureOutcomeRecord {
  intentEntryId: string;
  outcome: DisclosureOutcome;
  resultCode?: number;
  svTRID?: string;
  /** A reason code or the registry's reason text; must not contain personal data. */
  reason?: string;
}

export interface DeletionReceipt {
  recipient: string;
  subjectId: string;
  channel: string;
  domain?: string;
  registrationId?: string;
  clTRID?: string;
  svTRID?: string;
  resultCode?: number;
  pollMessageId?: string;
  /** What was deleted, e.g. 'contact', 'domain', 'local-personal-data'. */
  what: string;
}

export interface RecordedEntry {
  entryId: string;
  leafIndex: number;
}

/** The ledger's key material and origin: the checkpoint signer is named after the origin. */
export interface LedgerKeys {
  origin: string;
  signer: Ed25519NoteSigner;
}

export const LEDGER_KEYS = Symbol('LEDGER_KEYS');

export interface CheckpointView {
  treeSize: number;
  /** Base64, as in the checkpoint body. */
  rootHash: string;
  /** The signed note (C2SP tlog-checkpoint). */
  note: string;
  createdAt: string;
  verifierKey: string;
}

export interface EntryView {
  seq: string;
  leafIndex: number;
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
  /** Hex SHA-256(0x00 || entryText). */
  leafHash: string;
  /** The canonical text exactly as hashed. */
  entryText: string;
}

export interface EntryPage {
  entries: EntryView[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

export interface InclusionProofView {
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  rootHash: string;
  /** Hex, bottom-up (RFC 9162 §2.1.3). */
  proof: string[];
}

export interface ConsistencyProofView {
  from: number;
  to: number;
  fromRoot: string;
  toRoot: string;
  /** Hex (RFC 9162 §2.1.4). */
  proof: string[];
}

export interface RecipientSummary {
  recipient: string;
  declared: boolean;
  role?: string;
  purpose?: string;
  legalBasis?: string;
  declaredFields: string[];
  /** Fields actually disclosed: how often, how often confirmed by the recipient, first and last time. */
  fields: {
    field: string;
    declared: boolean;
    disclosures: number;
    confirmed: number;
    first: string;
    last: string;
  }[];
  /** Differences between what happened and the register. */
  flags: string[];
}

export interface LedgerSummary {
  period: { from?: string; to?: string };
  recipients: RecipientSummary[];
}

export interface SubjectDisclosures {
  subjectId: string;
  checkpoint: CheckpointView;
  /** Each entry concerning the subject, parsed, with its inclusion proof in `checkpoint`. */
  entries: (EntryView & { entry: LedgerEntryBody; inclusionProof: string[] })[];
  /** The same as an offline-verifiable bundle. */
  bundle: LedgerBundle;
}

const CURSOR_PREFIX = 'seq:';
const MAX_PAGE = 1000;

function hasText(s: unknown): s is string {
  return typeof s === 'string' && s.length > 0;
}

function toEntryView(r: LedgerEntryRow): EntryView {
  return {
    seq: r.seq,
    leafIndex: r.leafIndex,
    entryId: r.entryId,
    kind: r.kind,
    createdAt: r.createdAt,
    recipient: r.recipient,
    subjectId: r.subjectId,
    channel: r.channel,
    fields: r.fields,
    domain: r.domain,
    registrationId: r.registrationId,
    clTRID: r.clTRID,
    svTRID: r.svTRID,
    resultCode: r.resultCode,
    outcome: r.outcome,
    intentEntryId: r.intentEntryId,
    leafHash: r.leafHash.toString('hex'),
    entryText: r.entry,
  };
}

export function encodeCursor(seq: string): string {
  return Buffer.from(CURSOR_PREFIX + seq, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(CURSOR_PREFIX) || !/^[0-9]{1,19}$/.test(text.slice(CURSOR_PREFIX.length))) {
    throw new LedgerError(LedgerErrorCode.InvalidRecord, 'invalid cursor');
  }
  return text.slice(CURSOR_PREFIX.length);
}

/**
 * The disclosure ledger (docs/ledger.md). Records intents before a frame leaves, outcomes after,
 * deletion receipts and refused attempts (incidents); issues signed checkpoints; serves proofs,
 * bundles and the verification of the whole ledger.
 */
@Injectable()
export class LedgerService {
  private readonly logger = new Logger('Ledger');

  constructor(
    private readonly repository: LedgerRepository,
    @Inject(RECIPIENT_POLICY) private readonly policy: RecipientPolicy,
    @Inject(LEDGER_KEYS) private readonly keys: LedgerKeys,
    @Inject(LEDGER_CLOCK) private readonly clock: Clock,
  ) {}

  get origin(): string {
    return this.keys.origin;
  }

  verifierKey(): string {
    return this.keys.signer.verifierKey();
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  /**
   * Records the intent to disclose, in the caller's transaction when `manager` is given (commit it
   * before the frame is sent). A recipient or field the register does not allow is refused with a
   * LedgerError and recorded as an incident (names only, in its own transaction).
   */
  async recordIntent(intent: DisclosureIntent, manager?: EntityManager): Promise<RecordedEntry> {
    if (
      !hasText(intent.recipient) ||
      !hasText(intent.subjectId) ||
      !hasText(intent.channel) ||
      !hasText(intent.clTRID) ||
      !Array.isArray(intent.fields) ||
      !intent.fields.every((f) => hasText(f.field) && typeof f.value === 'string')
    ) {
      throw new LedgerError(
        LedgerErrorCode.InvalidRecord,
        'a disclosure intent needs recipient, subject, channel, clTRID and named fields',
      );
    }
    if (!Buffer.isBuffer(intent.subjectKey) || intent.subjectKey.length !== SUBJECT_KEY_BYTES) {
      throw new LedgerError(LedgerErrorCode.InvalidRecord, 'the subject key must be 32 bytes');
    }
    const names = intent.fields.map((f) => f.field);
    const role = this.policy.role(intent.recipient);
    if (role === undefined) {
      return this.refuse(
        manager,
        intent,
        names,
        [],
        LedgerErrorCode.RecipientNotDeclared,
        'the recipient is not in the recipients register',
      );
    }
    const refused = [...new Set(names.filter((n) => !this.policy.isFieldAllowed(intent.recipient, n)))];
    if (refused.length > 0) {
      return this.refuse(
        manager,
        intent,
        names,
        refused,
        LedgerErrorCode.FieldNotAllowed,
        `the register does not allow field(s) ${refused.join(', ')} for recipient ${intent.recipient}`,
      );
    }
    const purpose = this.policy.purpose(intent.recipient);
    const legalBasis = this.policy.legalBasis(intent.recipient);
    if (intent.purpose !== purpose || intent.legalBasis !== legalBasis) {
      return this.refuse(
        manager,
        intent,
        names,
        [],
        LedgerErrorCode.PolicyMismatch,
        `purpose or legal basis differ from the register for recipient ${intent.recipient}`,
      );
    }
    const entry: DisclosureIntentEntry = {
      v: ENTRY_VERSION,
      kind: 'disclosure-intent',
      id: randomUUID(),
      at: this.now(),
      recipient: intent.recipient,
      role,
      subjectId: intent.subjectId,
      channel: intent.channel,
      purpose: intent.purpose,
      legalBasis: intent.legalBasis,
      fields: intent.fields.map((f) => ({
        field: f.field,
        commitment: commitField(intent.subjectKey, f.field, f.value),
      })),
      domain: intent.domain,
      registrationId: intent.registrationId,
      clTRID: intent.clTRID,
    };
    return this.append(entry, manager);
  }

  /** Records what became of an intent: a new entry, never an edit. May be called more than once. */
  async recordOutcome(o: DisclosureOutcomeRecord, manager?: EntityManager): Promise<RecordedEntry> {
    if (!['success', 'failed', 'unknown'].includes(o.outcome)) {
      throw new LedgerError(LedgerErrorCode.InvalidRecord, 'outcome must be success, failed or unknown');
    }
    if (o.resultCode !== undefined && !Number.isSafeInteger(o.resultCode)) {
      throw new LedgerError(LedgerErrorCode.InvalidRecord, 'result code must be an integer');
    }
    return this.repository.inTransaction(manager, async (m) => {
      const intent = await this.repository.findByEntryId(o.intentEntryId, m);
      if (!intent || intent.kind !== 'disclosure-intent') {
        throw new LedgerError(LedgerErrorCode.IntentNotFound, 'no disclosure intent with this entry id');
      }
      const entry: DisclosureOutcomeEntry = {
        v: ENTRY_VERSION,
        kind: 'disclosure-outcome',
        id: randomUUID(),
        at: this.now(),
        intentId: intent.entryId,
        intentLeafIndex: intent.leafIndex,
        recipient: intent.recipient,
        subjectId: intent.subjectId,
        channel: intent.channel,
        outcome: o.outcome,
        resultCode: o.resultCode,
        svTRID: o.svTRID,
        reason: o.reason,
        domain: intent.domain ?? undefined,
        registrationId: intent.registrationId ?? undefined,
        clTRID: intent.clTRID ?? '',
      };
      const { leafIndex } = await this.repository.append(m, entry);
      return { entryId: entry.id, leafIndex };
    });
  }

  /** Records that data was deleted at a recipient (or locally), with the recipient's confirmation. */
  async recordDeletionReceipt(r: DeletionReceipt, manager?: EntityManager): Promise<RecordedEntry> {
    if (!hasText(r.recipient) || !hasText(r.subjectId) || !hasText(r.channel) || !hasText(r.what)) {
      throw new LedgerError(
        LedgerErrorCode.InvalidRecord,
        'a deletion receipt needs recipient, subject, channel and what',
      );
    }
    if (r.resultCode !== undefined && !Number.isSafeInteger(r.resultCode)) {
      throw new LedgerError(LedgerErrorCode.InvalidRecord, 'result code must be an integer');
    }
    const entry: DeletionReceiptEntry = {
      v: ENTRY_VERSION,
      kind: 'deletion-receipt',
      id: randomUUID(),
      at: this.now(),
      recipient: r.recipient,
      role: this.policy.role(r.recipient),
      subjectId: r.subjectId,
      channel: r.channel,
      what: r.what,
      domain: r.domain,
      registrationId: r.registrationId,
      clTRID: r.clTRID,
      svTRID: r.svTRID,
      resultCode: r.resultCode,
      pollMessageId: r.pollMessageId,
    };
    return this.append(entry, manager);
  }

  private async append(entry: LedgerEntryBody, manager?: EntityManager): Promise<RecordedEntry> {
    const { leafIndex } = await this.repository.inTransaction(manager, (m) =>
      this.repository.append(m, entry),
    );
    return { entryId: entry.id, leafIndex };
  }

  /**
   * Records the refused attempt as an incident — in its own transaction, since the caller's will
   * likely roll back on the error — and throws. The incident holds field names, never values.
   */
  private async refuse(
    manager: EntityManager | undefined,
    intent: DisclosureIntent,
    names: string[],
    refused: string[],
    code: LedgerErrorCode,
    message: string,
  ): Promise<never> {
    const incident: IncidentEntry = {
      v: ENTRY_VERSION,
      kind: 'incident',
      id: randomUUID(),
      at: this.now(),
      reason: code,
      recipient: intent.recipient,
      subjectId: intent.subjectId,
      channel: intent.channel,
      fields: names,
      refusedFields: refused,
      domain: intent.domain,
      registrationId: intent.registrationId,
      clTRID: intent.clTRID,
    };
    let incidentId: string | undefined;
    try {
      if (manager?.queryRunner?.isTransactionActive && (await this.repository.holdsAppendLock(manager))) {
        // The caller's transaction already appended and holds the append lock: another connection
        // would wait for it forever. The incident goes into the caller's transaction instead, and
        // survives only if the caller commits (docs/ledger.md, known limits).
        await this.repository.append(manager, incident);
      } else {
        await this.repository.inTransaction(undefined, async (m) => {
          // A safety net: never wait on the append lock for long while the caller waits on us.
          await m.query(`SET LOCAL lock_timeout = '5s'`);
          await this.repository.append(m, incident);
        });
      }
      incidentId = incident.id;
    } catch (e) {
      this.logger.error(
        `could not record incident ${code} for recipient ${intent.recipient}: ${e instanceof Error ? e.message : 'unknown'}`,
      );
    }
    this.logger.warn(
      `refused disclosure to ${intent.recipient} on ${intent.channel} (${code}); incident ${incidentId ?? 'not recorded'}`,
    );
    throw new LedgerError(code, message, incidentId);
  }

  findOpenIntents(limit?: number): Promise<OpenIntentRow[]> {
    return this.repository.findOpenIntents(limit);
  }

  private toCheckpointView(row: LedgerCheckpointRow): CheckpointView {
    return {
      treeSize: row.treeSize,
      rootHash: row.rootHash.toString('base64'),
      note: row.note,
      createdAt: row.createdAt.toISOString(),
      verifierKey: this.verifierKey(),
    };
  }

  /** Signs a checkpoint over every entry now in the ledger (or returns the latest if nothing changed). */
  async issueCheckpoint(): Promise<CheckpointView> {
    const row = await this.repository.appendCheckpoint(
      (treeSize, rootHash) =>
        signCheckpoint({ origin: this.keys.origin, treeSize, rootHash }, this.keys.signer),
      (leaves) => rootFromLeafHashes(leaves),
      this.clock.now(),
    );
    return this.toCheckpointView(row);
  }

  async latestCheckpoint(): Promise<CheckpointView | undefined> {
    const row = await this.repository.latestCheckpoint();
    return row ? this.toCheckpointView(row) : undefined;
  }

  /** A checkpoint covering at least `size` entries: the latest if it does, else a new one. */
  private async checkpointCovering(size: number): Promise<CheckpointView> {
    const latest = await this.latestCheckpoint();
    if (latest && latest.treeSize >= size) return latest;
    return this.issueCheckpoint();
  }

  /** Recomputes every leaf from its text, rebuilds the tree, and checks every checkpoint. */
  async verifyLedger(): Promise<LedgerVerification> {
    const result = await verifyStoredLedger(this.repository, [this.keys.signer.verifier()], this.keys.origin);
    if (!result.ok)
      this.logger.error(`ledger verification failed: ${result.firstMismatch?.reason ?? 'unknown'}`);
    return result;
  }

  /** RFC 9162 §2.1.3 inclusion proof; the tree size defaults to the latest checkpoint covering the leaf. */
  async inclusionProof(leafIndex: number, treeSize?: number): Promise<InclusionProofView> {
    if (!Number.isSafeInteger(leafIndex) || leafIndex < 0)
      throw new LedgerError(LedgerErrorCode.OutOfRange, 'invalid leaf index');
    const size = treeSize ?? (await this.checkpointCovering(leafIndex + 1)).treeSize;
    const leaves = await this.repository.leafHashes(size);
    if (!Number.isSafeInteger(size) || leaves.length < size || leafIndex >= size) {
      throw new LedgerError(LedgerErrorCode.OutOfRange, 'leaf index or tree size beyond the ledger');
    }
    return {
      leafIndex,
      treeSize: size,
      leafHash: leaves[leafIndex].toString('hex'),
      rootHash: rootFromLeafHashes(leaves, size).toString('hex'),
      proof: inclusionProof(leaves, leafIndex, size).map((h) => h.toString('hex')),
    };
  }

  /** RFC 9162 §2.1.4 consistency proof between two tree sizes. */
  async consistencyProof(from: number, to: number): Promise<ConsistencyProofView> {
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || from > to) {
      throw new LedgerError(LedgerErrorCode.OutOfRange, 'need 0 <= from <= to');
    }
    const leaves = await this.repository.leafHashes(to);
    if (leaves.length < to) throw new LedgerError(LedgerErrorCode.OutOfRange, 'tree size beyond the ledger');
    return {
      from,
      to,
      fromRoot: rootFromLeafHashes(leaves, from).toString('hex'),
      toRoot: rootFromLeafHashes(leaves, to).toString('hex'),
      proof: consistencyProof(leaves, from, to).map((h) => h.toString('hex')),
    };
  }

  async searchEntries(filter: LedgerEntryFilter, cursor?: string, limit = 100): Promise<EntryPage> {
    const size = Math.min(Math.max(1, Math.trunc(limit)), MAX_PAGE);
    const rows = await this.repository.search(
      filter,
      cursor === undefined ? undefined : decodeCursor(cursor),
      size + 1,
    );
    const page = rows.slice(0, size).map(toEntryView);
    return rows.length > size
      ? { entries: page, nextCursor: encodeCursor(page[page.length - 1].seq) }
      : { entries: page };
  }

  /** Every entry matching the filter, page by page, for streamed exports. */
  async *exportEntries(filter: LedgerEntryFilter, batchSize = 500): AsyncGenerator<EntryView> {
    let after: string | undefined;
    for (;;) {
      const rows = await this.repository.search(filter, after, batchSize);
      for (const r of rows) yield toEntryView(r);
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1].seq;
    }
  }

  /** The record of processing as it happened, beside the declared register, differences flagged. */
  async summary(from?: Date, to?: Date): Promise<LedgerSummary> {
    const usage = await this.repository.fieldUsage(from, to);
    const declared = this.policy.declaredRecipients();
    const byRecipient = new Map<string, RecipientFieldUsage[]>();
    for (const u of usage) byRecipient.set(u.recipient, [...(byRecipient.get(u.recipient) ?? []), u]);
    const ids = [...new Set([...declared.map((d) => d.id), ...byRecipient.keys()])].sort();
    const recipients = ids.map((id): RecipientSummary => {
      const decl = declared.find((d) => d.id === id);
      const used = byRecipient.get(id) ?? [];
      const declaredFields = [...(decl?.fields ?? [])];
      const fields = used.map((u) => ({
        field: u.field,
        declared: declaredFields.includes(u.field),
        disclosures: u.disclosures,
        confirmed: u.confirmed,
        first: u.first,
        last: u.last,
      }));
      const flags: string[] = [];
      if (!decl) flags.push('recipient received data but is not in the register');
      if (decl && used.length === 0) flags.push('declared recipient never received data in this period');
      for (const f of fields)
        if (decl && !f.declared) flags.push(`field ${f.field} was sent but is not declared`);
      for (const f of declaredFields) {
        if (decl && used.length > 0 && !fields.some((u) => u.field === f))
          flags.push(`declared field ${f} was never sent`);
      }
      return {
        recipient: id,
        declared: decl !== undefined,
        ...(decl ? { role: decl.role, purpose: decl.purpose, legalBasis: decl.legalBasis } : {}),
        declaredFields,
        fields,
        flags,
      };
    });
    return { period: { from: from?.toISOString(), to: to?.toISOString() }, recipients };
  }

  /** An offline-verifiable bundle of every entry about the subject, against a checkpoint covering them. */
  async bundleForSubject(subjectId: string): Promise<LedgerBundle> {
    return (await this.disclosuresForSubject(subjectId)).bundle;
  }

  /**
   * The access report's ledger part (GDPR Art. 15): every entry about the subject, each with its
   * inclusion proof in a signed checkpoint, plus the same as a bundle.
   */
  async disclosuresForSubject(subjectId: string): Promise<SubjectDisclosures> {
    const rows = await this.repository.entriesForSubject(subjectId);
    const needed = rows.length ? Math.max(...rows.map((r) => r.leafIndex)) + 1 : 0;
    const checkpoint = await this.checkpointCovering(needed);
    const leaves = await this.repository.leafHashes(checkpoint.treeSize);
    const covered = rows.filter((r) => r.leafIndex < checkpoint.treeSize);
    const bundle = buildBundle({
      origin: this.keys.origin,
      verifierKey: this.verifierKey(),
      checkpoint: checkpoint.note,
      treeSize: checkpoint.treeSize,
      leafHashes: leaves,
      entries: covered.map((r) => ({ leafIndex: r.leafIndex, entry: r.entry })),
    });
    return {
      subjectId,
      checkpoint,
      entries: covered.map((r, i) => ({
        ...toEntryView(r),
        entry: parseEntry(r.entry),
        inclusionProof: bundle.entries[i].inclusionProof,
      })),
      bundle,
    };
  }
}
