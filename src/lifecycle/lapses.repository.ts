import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { LapseMode } from './lapse-moment';
import { LapseStatus, OPEN_LAPSE_STATUSES } from './lapse-state';

/** How a lapse came about: the order system's three modes, a transfer away, or the daily sweep. */
export type LapseOrigin = LapseMode | 'transfer-away' | 'sweep';

export interface Lapse {
  id: string;
  domainName: string;
  registrationId: string | null;
  subjectId: string | null;
  registrantHandle: string | null;
  mode: LapseOrigin;
  requestedDate: string | null;
  effectiveAt: Date;
  status: LapseStatus;
  deleteClTRID: string | null;
  deleteSvTRID: string | null;
  deleteResultCode: number | null;
  deletedAt: Date | null;
  quarantineEndsAt: Date | null;
  goneAt: Date | null;
  goneEvidence: string | null;
  restoreSvTRID: string | null;
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewLapse {
  domainName: string;
  registrationId: string | null;
  subjectId: string | null;
  registrantHandle: string | null;
  mode: LapseOrigin;
  requestedDate: string | null;
  effectiveAt: Date;
}

/** Columns a transition may set besides the status. */
export type LapsePatch = Partial<
  Pick<
    Lapse,
    | 'effectiveAt'
    | 'mode'
    | 'requestedDate'
    | 'deleteClTRID'
    | 'deleteSvTRID'
    | 'deleteResultCode'
    | 'deletedAt'
    | 'quarantineEndsAt'
    | 'goneAt'
    | 'goneEvidence'
    | 'restoreSvTRID'
    | 'reason'
  >
>;

const COLUMN: Record<keyof LapsePatch, string> = {
  effectiveAt: 'effective_at',
  mode: 'mode',
  requestedDate: 'requested_date',
  deleteClTRID: 'delete_cl_trid',
  deleteSvTRID: 'delete_sv_trid',
  deleteResultCode: 'delete_result_code',
  deletedAt: 'deleted_at',
  quarantineEndsAt: 'quarantine_ends_at',
  goneAt: 'gone_at',
  goneEvidence: 'gone_evidence',
  restoreSvTRID: 'restore_sv_trid',
  reason: 'reason',
};

interface LapseRow {
  id: string;
  domain_name: string;
  registration_id: string | null;
  subject_id: string | null;
  registrant_handle: string | null;
  mode: LapseOrigin;
  requested_date: string | null;
  effective_at: Date;
  status: LapseStatus;
  delete_cl_trid: string | null;
  delete_sv_trid: string | null;
  delete_result_code: number | null;
  deleted_at: Date | null;
  quarantine_ends_at: Date | null;
  gone_at: Date | null;
  gone_evidence: string | null;
  restore_sv_trid: string | null;
  reason: string | null;
  created_at: Date;
  updated_at: Date;
}

function toLapse(r: LapseRow): Lapse {
  return {
    id: r.id,
    domainName: r.domain_name,
    registrationId: r.registration_id,
    subjectId: r.subject_id,
    registrantHandle: r.registrant_handle,
    mode: r.mode,
    requestedDate: r.requested_date,
    effectiveAt: r.effective_at,
    status: r.status,
    deleteClTRID: r.delete_cl_trid,
    deleteSvTRID: r.delete_sv_trid,
    deleteResultCode: r.delete_result_code,
    deletedAt: r.deleted_at,
    quarantineEndsAt: r.quarantine_ends_at,
    goneAt: r.gone_at,
    goneEvidence: r.gone_evidence,
    restoreSvTRID: r.restore_sv_trid,
    reason: r.reason,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const OPEN = `status IN (${OPEN_LAPSE_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** Table `domain_lapses`: one row per lapse of a domain, at most one open per domain (see the migration). */
@Injectable()
export class LapsesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts a scheduled lapse unless the domain already has an open one; returns the open lapse and
   * whether it was created here. Concurrent requests meet at the partial unique index.
   */
  async insertScheduled(
    l: NewLapse,
    now: Date,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ lapse: Lapse; created: boolean }> {
    const rows = (await manager.query(
      `INSERT INTO domain_lapses (id, domain_name, registration_id, subject_id, registrant_handle, mode, requested_date,
                                  effective_at, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'scheduled', $9, $9)
       ON CONFLICT (domain_name) WHERE ${OPEN} DO NOTHING RETURNING *`,
      [
        randomUUID(),
        l.domainName,
        l.registrationId,
        l.subjectId,
        l.registrantHandle,
        l.mode,
        l.requestedDate,
        l.effectiveAt,
        now,
      ],
    )) as LapseRow[];
    if (rows.length) return { lapse: toLapse(rows[0]), created: true };
    const open = await this.findOpen(l.domainName, manager);
    if (!open) throw new Error('lapse conflict without an open lapse (concurrent close); retry');
    return { lapse: open, created: false };
  }

  async findById(
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<Lapse | undefined> {
    const rows = (await manager.query(
      `SELECT * FROM domain_lapses WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    )) as LapseRow[];
    return rows[0] ? toLapse(rows[0]) : undefined;
  }

  async findOpen(
    domainName: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<Lapse | undefined> {
    const rows = (await manager.query(
      `SELECT * FROM domain_lapses WHERE domain_name = $1 AND ${OPEN}${lock ? ' FOR UPDATE' : ''}`,
      [domainName],
    )) as LapseRow[];
    return rows[0] ? toLapse(rows[0]) : undefined;
  }

  /** Every lapse of a domain, newest first (the history shown by GET .../lapse). */
  async historyOf(domainName: string, manager: EntityManager = this.dataSource.manager): Promise<Lapse[]> {
    const rows = (await manager.query(
      `SELECT * FROM domain_lapses WHERE domain_name = $1 ORDER BY created_at DESC, id`,
      [domainName],
    )) as LapseRow[];
    return rows.map(toLapse);
  }

  /** The newest lapse of each given registration (null registrations are skipped). */
  async latestForRegistrations(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, Lapse>> {
    if (ids.length === 0) return new Map();
    const rows = (await manager.query(
      `SELECT DISTINCT ON (registration_id) * FROM domain_lapses WHERE registration_id = ANY($1::uuid[])
        ORDER BY registration_id, created_at DESC, id`,
      [ids],
    )) as LapseRow[];
    return new Map(rows.map((r) => [r.registration_id as string, toLapse(r)]));
  }

  /** Lapses of a subject whose domain is gone, newest gone first (the retention anchor). */
  async lastGoneAt(
    subjectId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Date | null> {
    const rows = (await manager.query(
      `SELECT max(gone_at) AS at FROM domain_lapses WHERE subject_id = $1 AND status IN ('purged', 'transferred-away')`,
      [subjectId],
    )) as { at: Date | null }[];
    return rows[0]?.at ?? null;
  }

  /**
   * Conditional transition: sets `to` (and the patch) only if the lapse is still in `from`. Returns
   * the updated lapse, or undefined when another actor moved it first (the caller re-loads and decides).
   */
  async transition(
    id: string,
    from: LapseStatus,
    to: LapseStatus,
    patch: LapsePatch,
    now: Date,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Lapse | undefined> {
    const sets = ['status = $3', 'updated_at = $4'];
    const params: unknown[] = [id, from, to, now];
    for (const [key, value] of Object.entries(patch) as [keyof LapsePatch, unknown][]) {
      params.push(value);
      sets.push(`${COLUMN[key]} = $${params.length}`);
    }
    const result = (await manager.query(
      `UPDATE domain_lapses SET ${sets.join(', ')} WHERE id = $1 AND status = $2 RETURNING *`,
      params,
    )) as [LapseRow[], number];
    const row = result[0][0];
    return row ? toLapse(row) : undefined;
  }

  /** Erasure: the lifecycle record keeps no registrant handle once the contact is gone. */
  async forgetHandle(subjectId: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE domain_lapses SET registrant_handle = NULL WHERE subject_id = $1`, [
      subjectId,
    ]);
  }
}
