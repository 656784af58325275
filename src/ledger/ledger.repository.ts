import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { hashLeaf } from './merkle/merkle';
import { EntryColumns, LedgerEntryBody, LedgerEntryKind, entryColumns, serializeEntry } from './ledger-entry';

/** One stored entry row, as read back. */
export interface LedgerEntryRow extends EntryColumns {
  seq: string;
  leafIndex: number;
  entry: string;
  leafHash: Buffer;
}

export interface LedgerCheckpointRow {
  id: string;
  treeSize: number;
  rootHash: Buffer;
  note: string;
  createdAt: Date;
}

export interface LedgerEntryFilter {
  recipient?: string;
  subjectId?: string;
  domain?: string;
  field?: string;
  channel?: string;
  kind?: LedgerEntryKind;
  from?: Date;
  to?: Date;
}

export interface OpenIntentRow {
  entryId: string;
  seq: string;
  leafIndex: number;
  recipient: string;
  subjectId: string;
  channel: string;
  domain: string | null;
  registrationId: string | null;
  clTRID: string | null;
  createdAt: string;
  /** 'unknown' when an outcome was recorded as unknown (timeout), null when none was recorded. */
  lastOutcome: 'unknown' | null;
}

export interface RecipientFieldUsage {
  recipient: string;
  field: string;
  disclosures: number;
  confirmed: number;
  first: string;
  last: string;
}

/** Arbitrary constant key for pg_advisory_xact_lock: every ledger append is serialised on it. */
const APPEND_LOCK_KEY = 0x4c454447; // 'LEDG'

interface RawEntryRow {
  seq: string;
  leaf_index: string;
  entry_id: string;
  kind: LedgerEntryKind;
  entry: string;
  leaf_hash: Buffer;
  recipient: string;
  subject_id: string;
  channel: string;
  fields: string[];
  domain: string | null;
  registration_id: string | null;
  cl_trid: string | null;
  sv_trid: string | null;
  result_code: number | null;
  outcome: EntryColumns['outcome'];
  intent_entry_id: string | null;
  created_at: Date;
}

const ENTRY_COLUMNS = `seq, leaf_index, entry_id, kind, entry, leaf_hash, recipient, subject_id, channel, fields, domain,
  registration_id, cl_trid, sv_trid, result_code, outcome, intent_entry_id, created_at`;

function toEntryRow(r: RawEntryRow): LedgerEntryRow {
  return {
    seq: String(r.seq),
    leafIndex: Number(r.leaf_index),
    entryId: r.entry_id,
    kind: r.kind,
    entry: r.entry,
    leafHash: r.leaf_hash,
    recipient: r.recipient,
    subjectId: r.subject_id,
    channel: r.channel,
    fields: r.fields,
    domain: r.domain,
    registrationId: r.registration_id,
    clTRID: r.cl_trid,
    svTRID: r.sv_trid,
    resultCode: r.result_code,
    outcome: r.outcome,
    intentEntryId: r.intent_entry_id,
    createdAt: r.created_at.toISOString(),
  };
}

interface RawCheckpointRow {
  id: string;
  tree_size: string;
  root_hash: Buffer;
  note: string;
  created_at: Date;
}

function toCheckpointRow(r: RawCheckpointRow): LedgerCheckpointRow {
  return {
    id: String(r.id),
    treeSize: Number(r.tree_size),
    rootHash: r.root_hash,
    note: r.note,
    createdAt: r.created_at,
  };
}

/**
 * The ledger's SQL. Raw, parameterised queries rather than TypeORM entities: an append must take
 * the advisory lock and the next dense leaf index in the same transaction, and verification reads
 * rows exactly as stored. Callers pass the EntityManager of their transaction where it matters.
 */
@Injectable()
export class LedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` in the caller's transaction when it has one, otherwise in a new one. */
  async inTransaction<T>(
    manager: EntityManager | undefined,
    work: (m: EntityManager) => Promise<T>,
  ): Promise<T> {
    if (manager?.queryRunner?.isTransactionActive) return work(manager);
    return (manager ?? this.dataSource.manager).transaction(work);
  }

  /** True when the transaction of `manager` already holds the append lock (it appended before). */
  async holdsAppendLock(manager: EntityManager): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT 1 FROM pg_locks
        WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
          AND classid = 0 AND objid = $1 AND objsubid = 1`,
      [APPEND_LOCK_KEY],
    )) as unknown[];
    return rows.length > 0;
  }

  /**
   * Appends one entry at the next leaf index. Must run inside a transaction: the advisory lock is
   * held until that transaction ends, so leaf indexes are dense and in commit order.
   */
  async append(manager: EntityManager, body: LedgerEntryBody): Promise<{ seq: string; leafIndex: number }> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK_KEY]);
    const [{ next }] = (await manager.query(
      'SELECT coalesce(max(leaf_index) + 1, 0)::bigint AS next FROM ledger_entry',
    )) as { next: string }[];
    const text = serializeEntry(body);
    const c = entryColumns(body);
    const rows = (await manager.query(
      `INSERT INTO ledger_entry (leaf_index, entry_id, kind, entry, leaf_hash, recipient, subject_id, channel, fields,
         domain, registration_id, cl_trid, sv_trid, result_code, outcome, intent_entry_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       RETURNING seq, leaf_index`,
      [
        next,
        c.entryId,
        c.kind,
        text,
        hashLeaf(Buffer.from(text, 'utf8')),
        c.recipient,
        c.subjectId,
        c.channel,
        c.fields,
        c.domain,
        c.registrationId,
        c.clTRID,
        c.svTRID,
        c.resultCode,
        c.outcome,
        c.intentEntryId,
        c.createdAt,
      ],
    )) as { seq: string; leaf_index: string }[];
    return { seq: String(rows[0].seq), leafIndex: Number(rows[0].leaf_index) };
  }

  async findByEntryId(
    entryId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<LedgerEntryRow | undefined> {
    const rows = (await manager.query(`SELECT ${ENTRY_COLUMNS} FROM ledger_entry WHERE entry_id = $1`, [
      entryId,
    ])) as RawEntryRow[];
    return rows[0] ? toEntryRow(rows[0]) : undefined;
  }

  async countEntries(manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [{ n }] = (await manager.query('SELECT count(*)::bigint AS n FROM ledger_entry')) as {
      n: string;
    }[];
    return Number(n);
  }

  /** Leaf hashes in leaf order, the first `size` of them (all when omitted). */
  async leafHashes(size?: number, manager: EntityManager = this.dataSource.manager): Promise<Buffer[]> {
    const rows = (await manager.query(
      `SELECT leaf_hash FROM ledger_entry ${size === undefined ? '' : 'WHERE leaf_index < $1'} ORDER BY leaf_index`,
      size === undefined ? [] : [size],
    )) as { leaf_hash: Buffer }[];
    return rows.map((r) => r.leaf_hash);
  }

  /** Every row in storage order, for verification: batches by seq so memory stays bounded per batch. */
  async *allEntries(batchSize = 1000): AsyncGenerator<LedgerEntryRow> {
    let after = '0';
    for (;;) {
      const rows = (await this.dataSource.query(
        `SELECT ${ENTRY_COLUMNS} FROM ledger_entry WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [after, batchSize],
      )) as RawEntryRow[];
      for (const r of rows) yield toEntryRow(r);
      if (rows.length < batchSize) return;
      after = String(rows[rows.length - 1].seq);
    }
  }

  /** One page of entries matching the filter, in seq order, after the cursor (a seq). */
  async search(
    filter: LedgerEntryFilter,
    afterSeq: string | undefined,
    limit: number,
  ): Promise<LedgerEntryRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.recipient !== undefined) add('recipient = ?', filter.recipient);
    if (filter.subjectId !== undefined) add('subject_id = ?', filter.subjectId);
    if (filter.domain !== undefined) add('domain = ?', filter.domain);
    if (filter.channel !== undefined) add('channel = ?', filter.channel);
    if (filter.kind !== undefined) add('kind = ?', filter.kind);
    if (filter.field !== undefined) add('fields @> ARRAY[?]::text[]', filter.field);
    if (filter.from !== undefined) add('created_at >= ?', filter.from);
    if (filter.to !== undefined) add('created_at < ?', filter.to);
    if (afterSeq !== undefined) add('seq > ?', afterSeq);
    params.push(limit);
    const rows = (await this.dataSource.query(
      `SELECT ${ENTRY_COLUMNS} FROM ledger_entry ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY seq LIMIT $${params.length}`,
      params,
    )) as RawEntryRow[];
    return rows.map(toEntryRow);
  }

  /** Intents without a definite outcome ('success' or 'failed'): what a crash or timeout left open. */
  async findOpenIntents(limit = 1000): Promise<OpenIntentRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT i.entry_id, i.seq, i.leaf_index, i.recipient, i.subject_id, i.channel, i.domain, i.registration_id,
              i.cl_trid, i.created_at,
              EXISTS (SELECT 1 FROM ledger_entry o WHERE o.intent_entry_id = i.entry_id AND o.outcome = 'unknown')
                AS has_unknown
         FROM ledger_entry i
        WHERE i.kind = 'disclosure-intent'
          AND NOT EXISTS (SELECT 1 FROM ledger_entry o
                           WHERE o.intent_entry_id = i.entry_id AND o.outcome IN ('success', 'failed'))
        ORDER BY i.seq LIMIT $1`,
      [limit],
    )) as (Omit<
      RawEntryRow,
      'kind' | 'entry' | 'leaf_hash' | 'fields' | 'sv_trid' | 'result_code' | 'outcome' | 'intent_entry_id'
    > & {
      has_unknown: boolean;
    })[];
    return rows.map((r) => ({
      entryId: r.entry_id,
      seq: String(r.seq),
      leafIndex: Number(r.leaf_index),
      recipient: r.recipient,
      subjectId: r.subject_id,
      channel: r.channel,
      domain: r.domain,
      registrationId: r.registration_id,
      clTRID: r.cl_trid,
      createdAt: r.created_at.toISOString(),
      lastOutcome: r.has_unknown ? 'unknown' : null,
    }));
  }

  /**
   * Per recipient and field: how many intents carried it (a field repeated in one frame, like street
   * lines, counts once), how many were confirmed, first and last.
   */
  async fieldUsage(from?: Date, to?: Date): Promise<RecipientFieldUsage[]> {
    const rows = (await this.dataSource.query(
      `SELECT i.recipient, f.field, count(*)::bigint AS disclosures,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM ledger_entry o
                                              WHERE o.intent_entry_id = i.entry_id AND o.outcome = 'success'))::bigint
                AS confirmed,
              min(i.created_at) AS first, max(i.created_at) AS last
         FROM ledger_entry i CROSS JOIN LATERAL (SELECT DISTINCT unnest(i.fields)) AS f(field)
        WHERE i.kind = 'disclosure-intent'
          AND ($1::timestamptz IS NULL OR i.created_at >= $1) AND ($2::timestamptz IS NULL OR i.created_at < $2)
        GROUP BY i.recipient, f.field
        ORDER BY i.recipient, f.field`,
      [from ?? null, to ?? null],
    )) as {
      recipient: string;
      field: string;
      disclosures: string;
      confirmed: string;
      first: Date;
      last: Date;
    }[];
    return rows.map((r) => ({
      recipient: r.recipient,
      field: r.field,
      disclosures: Number(r.disclosures),
      confirmed: Number(r.confirmed),
      first: r.first.toISOString(),
      last: r.last.toISOString(),
    }));
  }

  async entriesForSubject(subjectId: string): Promise<LedgerEntryRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${ENTRY_COLUMNS} FROM ledger_entry WHERE subject_id = $1 ORDER BY seq`,
      [subjectId],
    )) as RawEntryRow[];
    return rows.map(toEntryRow);
  }

  async checkpoints(): Promise<LedgerCheckpointRow[]> {
    const rows = (await this.dataSource.query(
      'SELECT id, tree_size, root_hash, note, created_at FROM ledger_checkpoint ORDER BY id',
    )) as RawCheckpointRow[];
    return rows.map(toCheckpointRow);
  }

  async latestCheckpoint(
    manager: EntityManager = this.dataSource.manager,
  ): Promise<LedgerCheckpointRow | undefined> {
    const rows = (await manager.query(
      'SELECT id, tree_size, root_hash, note, created_at FROM ledger_checkpoint ORDER BY tree_size DESC LIMIT 1',
    )) as RawCheckpointRow[];
    return rows[0] ? toCheckpointRow(rows[0]) : undefined;
  }

  /**
   * Issues a checkpoint over the entries as they stand, under the append lock so no entry slips in
   * between counting and signing. `sign` gets the size and root and returns the signed note.
   * When the latest checkpoint already covers every entry it is returned instead.
   */
  async appendCheckpoint(
    sign: (treeSize: number, rootHash: Buffer) => string,
    root: (leafHashes: Buffer[]) => Buffer,
    now: Date,
  ): Promise<LedgerCheckpointRow> {
    return this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK_KEY]);
      const leaves = await this.leafHashes(undefined, m);
      const latest = await this.latestCheckpoint(m);
      if (latest && latest.treeSize === leaves.length) return latest;
      const rootHash = root(leaves);
      const note = sign(leaves.length, rootHash);
      const rows = (await m.query(
        `INSERT INTO ledger_checkpoint (tree_size, root_hash, note, created_at) VALUES ($1, $2, $3, $4)
         RETURNING id, tree_size, root_hash, note, created_at`,
        [leaves.length, rootHash, note, now],
      )) as RawCheckpointRow[];
      return toCheckpointRow(rows[0]);
    });
  }
}
