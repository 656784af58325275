import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Table `deletion_steps`: the durable jobs of the deletion chain. A step is queued with a due time,
 * claimed by one worker at a time (`FOR UPDATE SKIP LOCKED` plus a lease, so a crashed worker's step
 * is claimed again when the lease runs out), and ends with an explicit status:
 * `done` (with the registry's confirmation and the ledger receipt), `skipped` (with the reason: the
 * subject was no longer eligible), `failed` (a permanent refusal, with the registry's reason) or
 * `cancelled` (the lapse was cancelled). At most one open step per (kind, target).
 */
export const STEP_KINDS = ['domain-delete', 'quarantine-end', 'contact-delete', 'subject-erasure'] as const;
export type StepKind = (typeof STEP_KINDS)[number];
export type StepStatus = 'queued' | 'running' | 'done' | 'skipped' | 'failed' | 'cancelled';

export interface DeletionStep {
  id: string;
  kind: StepKind;
  /** Domain name (domain-delete, quarantine-end), registry handle (contact-delete) or subject id (subject-erasure). */
  target: string;
  lapseId: string | null;
  subjectId: string | null;
  status: StepStatus;
  runAt: Date;
  attempts: number;
  reason: string | null;
  resultCode: number | null;
  clTRID: string | null;
  svTRID: string | null;
  receiptEntryId: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface StepOutcome {
  reason?: string | null;
  resultCode?: number | null;
  clTRID?: string | null;
  svTRID?: string | null;
  receiptEntryId?: string | null;
}

interface StepRow {
  id: string;
  kind: StepKind;
  target: string;
  lapse_id: string | null;
  subject_id: string | null;
  status: StepStatus;
  run_at: Date;
  attempts: number;
  reason: string | null;
  result_code: number | null;
  cl_trid: string | null;
  sv_trid: string | null;
  receipt_entry_id: string | null;
  created_at: Date;
  finished_at: Date | null;
}

function toStep(r: StepRow): DeletionStep {
  return {
    id: String(r.id),
    kind: r.kind,
    target: r.target,
    lapseId: r.lapse_id,
    subjectId: r.subject_id,
    status: r.status,
    runAt: r.run_at,
    attempts: r.attempts,
    reason: r.reason,
    resultCode: r.result_code,
    clTRID: r.cl_trid,
    svTRID: r.sv_trid,
    receiptEntryId: r.receipt_entry_id,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}

const OPEN = `status IN ('queued', 'running')`;

@Injectable()
export class DeletionStepsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Queues a step unless one is open for the same (kind, target); an open one is moved earlier when
   * `runAt` is earlier (a poll message may confirm a purge before the clock says so). Idempotent.
   */
  async enqueue(
    kind: StepKind,
    target: string,
    opts: { lapseId?: string | null; subjectId?: string | null; runAt: Date },
    now: Date,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO deletion_steps (kind, target, lapse_id, subject_id, status, run_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'queued', $5, $6, $6)
       ON CONFLICT (kind, target) WHERE ${OPEN}
       DO UPDATE SET run_at = LEAST(deletion_steps.run_at, EXCLUDED.run_at),
                     lapse_id = COALESCE(EXCLUDED.lapse_id, deletion_steps.lapse_id), updated_at = EXCLUDED.updated_at`,
      [kind, target, opts.lapseId ?? null, opts.subjectId ?? null, opts.runAt, now],
    );
  }

  /**
   * Claims up to `limit` due steps for this worker: queued ones, and running ones whose lease ran out
   * (their worker died). The lease keeps other workers off while this one acts.
   */
  async claimDue(now: Date, leaseMs: number, limit: number): Promise<DeletionStep[]> {
    const result = (await this.dataSource.query(
      `UPDATE deletion_steps SET status = 'running', lease_until = $2, attempts = attempts + 1, updated_at = $1
        WHERE id IN (
          SELECT id FROM deletion_steps
           WHERE ${OPEN} AND run_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
           ORDER BY run_at, id FOR UPDATE SKIP LOCKED LIMIT $3)
        RETURNING *`,
      [now, new Date(now.getTime() + leaseMs), limit],
    )) as [StepRow[], number];
    return result[0]
      .map(toStep)
      .sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || Number(a.id) - Number(b.id));
  }

  /** Ends a claimed step. Only a step still open can be finished (a second finish is a no-op: false). */
  async finish(
    id: string,
    status: 'done' | 'skipped' | 'failed' | 'cancelled',
    outcome: StepOutcome,
    now: Date,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const result = (await manager.query(
      `UPDATE deletion_steps SET status = $2, reason = $3, result_code = $4, cl_trid = COALESCE($5, cl_trid),
              sv_trid = $6, receipt_entry_id = $7, lease_until = NULL, finished_at = $8, updated_at = $8
        WHERE id = $1 AND ${OPEN} RETURNING id`,
      [
        id,
        status,
        outcome.reason ?? null,
        outcome.resultCode ?? null,
        outcome.clTRID ?? null,
        outcome.svTRID ?? null,
        outcome.receiptEntryId ?? null,
        now,
      ],
    )) as [unknown[], number];
    return result[0].length > 0;
  }

  /** Puts a claimed step back for later (transient failure, not yet due); the reason is kept for operators. */
  async retryAt(
    id: string,
    runAt: Date,
    reason: string,
    now: Date,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `UPDATE deletion_steps SET status = 'queued', run_at = $2, reason = $3, lease_until = NULL, updated_at = $4
        WHERE id = $1 AND ${OPEN}`,
      [id, runAt, reason, now],
    );
  }

  /** Moves the open step of (kind, target) to a new due time, earlier or later (a rescheduled lapse). */
  async reschedule(
    kind: StepKind,
    target: string,
    runAt: Date,
    now: Date,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `UPDATE deletion_steps SET run_at = $3, updated_at = $4 WHERE kind = $1 AND target = $2 AND status = 'queued'`,
      [kind, target, runAt, now],
    );
  }

  /** Records the clTRID of a command about to be sent, so a restart can reconcile an unknown outcome. */
  async noteSent(
    id: string,
    clTRID: string,
    now: Date,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(`UPDATE deletion_steps SET cl_trid = $2, updated_at = $3 WHERE id = $1`, [
      id,
      clTRID,
      now,
    ]);
  }

  /** Cancels the open step of (kind, target), e.g. the pending delete of a lapse the customer renewed. */
  async cancelOpen(
    kind: StepKind,
    target: string,
    reason: string,
    now: Date,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `UPDATE deletion_steps SET status = 'cancelled', reason = $3, lease_until = NULL, finished_at = $4, updated_at = $4
        WHERE kind = $1 AND target = $2 AND ${OPEN}`,
      [kind, target, reason, now],
    );
  }

  async findOpen(
    kind: StepKind,
    target: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DeletionStep | undefined> {
    const rows = (await manager.query(
      `SELECT * FROM deletion_steps WHERE kind = $1 AND target = $2 AND ${OPEN}`,
      [kind, target],
    )) as StepRow[];
    return rows[0] ? toStep(rows[0]) : undefined;
  }

  async findById(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DeletionStep | undefined> {
    const rows = (await manager.query(`SELECT * FROM deletion_steps WHERE id = $1`, [id])) as StepRow[];
    return rows[0] ? toStep(rows[0]) : undefined;
  }

  /** The chain of a subject (and of its lapses), oldest first: what the access report and tests show. */
  async forSubject(
    subjectId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DeletionStep[]> {
    const rows = (await manager.query(`SELECT * FROM deletion_steps WHERE subject_id = $1 ORDER BY id`, [
      subjectId,
    ])) as StepRow[];
    return rows.map(toStep);
  }

  async forLapse(lapseId: string, manager: EntityManager = this.dataSource.manager): Promise<DeletionStep[]> {
    const rows = (await manager.query(`SELECT * FROM deletion_steps WHERE lapse_id = $1 ORDER BY id`, [
      lapseId,
    ])) as StepRow[];
    return rows.map(toStep);
  }
}
