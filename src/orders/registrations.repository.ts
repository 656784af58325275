import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Period } from '../epp/codec/commands/types';
import type { Registration, RegistrationStatus, TimelineEvent, WorkflowStep } from './registration';

interface RegistrationRow {
  id: string;
  client_name: string;
  idempotency_key: string;
  request_digest: string;
  order_id: string | null;
  subject_id: string;
  customer_id: string;
  domain_name: string;
  domain_unicode: string;
  nameservers: string[];
  period_value: number;
  period_unit: 'y' | 'm';
  status: RegistrationStatus;
  registrant_handle: string | null;
  domain_create_sent: boolean;
  contact_svtrid: string | null;
  domain_svtrid: string | null;
  error_code: string | null;
  error_reason: string | null;
  registry_result_code: number | null;
  created_at: Date;
  updated_at: Date;
}

const SELECT = `SELECT r.*, s.customer_id FROM registrations r JOIN data_subjects s ON s.id = r.subject_id`;

function toRegistration(r: RegistrationRow): Registration {
  return {
    id: r.id,
    clientName: r.client_name,
    idempotencyKey: r.idempotency_key,
    requestDigest: r.request_digest,
    orderId: r.order_id,
    subjectId: r.subject_id,
    customerId: r.customer_id,
    domainName: r.domain_name,
    domainUnicode: r.domain_unicode,
    nameservers: r.nameservers,
    period: { value: r.period_value, unit: r.period_unit },
    status: r.status,
    registrantHandle: r.registrant_handle,
    domainCreateSent: r.domain_create_sent,
    contactSvTRID: r.contact_svtrid,
    domainSvTRID: r.domain_svtrid,
    errorCode: r.error_code,
    errorReason: r.error_reason,
    registryResultCode: r.registry_result_code,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface NewRegistration {
  clientName: string;
  idempotencyKey: string;
  requestDigest: string;
  orderId?: string;
  subjectId: string;
  domainName: string;
  domainUnicode: string;
  nameservers: readonly string[];
  period: Period;
}

export interface RegistrationFilter {
  customerId?: string;
  status?: RegistrationStatus;
  domainName?: string;
  /** Page after this (created_at, id), newest first. */
  after?: { createdAt: Date; id: string };
  limit: number;
}

/** Outcome columns a step may set together with a status change. */
export interface RegistrationChange {
  status?: RegistrationStatus;
  registrantHandle?: string;
  contactSvTRID?: string;
  domainSvTRID?: string;
  error?: { code: string; reason: string; resultCode?: number };
}

export interface ClaimedJob {
  id: string;
  registrationId: string;
  step: WorkflowStep;
  attempts: number;
}

/**
 * Registrations, their timeline and their workflow jobs (tables `registrations`,
 * `registration_events`, `registration_jobs`). Every state change goes with its event and its next
 * job in the caller's transaction.
 */
@Injectable()
export class RegistrationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Registration | undefined> {
    const rows = (await manager.query(`${SELECT} WHERE r.id = $1`, [id])) as RegistrationRow[];
    return rows[0] && toRegistration(rows[0]);
  }

  async findByIdempotencyKey(
    clientName: string,
    key: string,
    manager: EntityManager = this.dataSource.manager,
  ) {
    const rows = (await manager.query(`${SELECT} WHERE r.client_name = $1 AND r.idempotency_key = $2`, [
      clientName,
      key,
    ])) as RegistrationRow[];
    return rows[0] && toRegistration(rows[0]);
  }

  async list(filter: RegistrationFilter): Promise<Registration[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.customerId !== undefined) add('s.customer_id = ?', filter.customerId);
    if (filter.status !== undefined) add('r.status = ?', filter.status);
    if (filter.domainName !== undefined) add('r.domain_name = ?', filter.domainName);
    if (filter.after) {
      params.push(filter.after.createdAt, filter.after.id);
      where.push(`(r.created_at, r.id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(filter.limit);
    const rows = (await this.dataSource.query(
      `${SELECT} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY r.created_at DESC, r.id DESC LIMIT $${params.length}`,
      params,
    )) as RegistrationRow[];
    return rows.map(toRegistration);
  }

  async timeline(registrationId: string): Promise<TimelineEvent[]> {
    const rows = (await this.dataSource.query(
      `SELECT at, step, status, detail, result_code, svtrid FROM registration_events WHERE registration_id = $1 ORDER BY id`,
      [registrationId],
    )) as {
      at: Date;
      step: string;
      status: string;
      detail: string | null;
      result_code: number | null;
      svtrid: string | null;
    }[];
    return rows.map((r) => ({
      at: r.at,
      step: r.step,
      status: r.status,
      detail: r.detail,
      resultCode: r.result_code,
      svTRID: r.svtrid,
    }));
  }

  /** Inserts an accepted registration, its first event and its first job. */
  async insert(r: NewRegistration, now: Date, manager: EntityManager): Promise<string> {
    const id = randomUUID();
    await manager.query(
      `INSERT INTO registrations (id, client_name, idempotency_key, request_digest, order_id, subject_id, domain_name,
         domain_unicode, nameservers, period_value, period_unit, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'accepted', $12, $12)`,
      [
        id,
        r.clientName,
        r.idempotencyKey,
        r.requestDigest,
        r.orderId ?? null,
        r.subjectId,
        r.domainName,
        r.domainUnicode,
        [...r.nameservers],
        r.period.value,
        r.period.unit,
        now,
      ],
    );
    await this.addEvent(id, { step: 'accept', status: 'accepted' }, now, manager);
    await this.enqueue(id, 'ensure-contact', now, manager);
    return id;
  }

  async addEvent(
    registrationId: string,
    e: { step: string; status: string; detail?: string; resultCode?: number; svTRID?: string },
    now: Date,
    manager: EntityManager,
  ) {
    await manager.query(
      `INSERT INTO registration_events (registration_id, at, step, status, detail, result_code, svtrid)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [registrationId, now, e.step, e.status, e.detail ?? null, e.resultCode ?? null, e.svTRID ?? null],
    );
  }

  async change(registrationId: string, c: RegistrationChange, now: Date, manager: EntityManager) {
    const sets: string[] = ['updated_at = $2'];
    const params: unknown[] = [registrationId, now];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (c.status !== undefined) set('status', c.status);
    if (c.registrantHandle !== undefined) set('registrant_handle', c.registrantHandle);
    if (c.contactSvTRID !== undefined) set('contact_svtrid', c.contactSvTRID);
    if (c.domainSvTRID !== undefined) set('domain_svtrid', c.domainSvTRID);
    if (c.error !== undefined) {
      set('error_code', c.error.code);
      set('error_reason', c.error.reason);
      set('registry_result_code', c.error.resultCode ?? null);
    }
    await manager.query(`UPDATE registrations SET ${sets.join(', ')} WHERE id = $1`, params);
  }

  /** Marks that a domain:create may have left: from now on, look (domain:info) before creating. */
  async markDomainCreateSent(registrationId: string, now: Date) {
    await this.dataSource.query(
      `UPDATE registrations SET domain_create_sent = true, updated_at = $2 WHERE id = $1`,
      [registrationId, now],
    );
  }

  // ---- jobs (the outbox) ----------------------------------------------------------------------

  async enqueue(registrationId: string, step: WorkflowStep, runAt: Date, manager: EntityManager) {
    await manager.query(
      `INSERT INTO registration_jobs (registration_id, step, run_at, created_at) VALUES ($1, $2, $3, $3)`,
      [registrationId, step, runAt],
    );
  }

  /**
   * Locks the next due job for the caller's open transaction (FOR UPDATE SKIP LOCKED): other workers
   * skip it while it runs, and a crashed worker's lock dies with its connection, so the job is
   * picked up again on restart.
   */
  async claimDue(now: Date, manager: EntityManager): Promise<ClaimedJob | undefined> {
    const rows = (await manager.query(
      `SELECT id, registration_id, step, attempts FROM registration_jobs
        WHERE done_at IS NULL AND run_at <= $1 ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [now],
    )) as { id: string; registration_id: string; step: WorkflowStep; attempts: number }[];
    const r = rows[0];
    return r && { id: String(r.id), registrationId: r.registration_id, step: r.step, attempts: r.attempts };
  }

  async completeJob(jobId: string, now: Date, manager: EntityManager) {
    await manager.query(`UPDATE registration_jobs SET done_at = $2 WHERE id = $1`, [jobId, now]);
  }

  async rescheduleJob(
    jobId: string,
    runAt: Date,
    countAttempt: boolean,
    lastError: string,
    manager: EntityManager,
  ) {
    await manager.query(
      `UPDATE registration_jobs SET run_at = $2, attempts = attempts + $3, last_error = $4 WHERE id = $1`,
      [jobId, runAt, countAttempt ? 1 : 0, lastError],
    );
  }

  /** Jobs not done yet (for tests and the operator). */
  async openJobs(): Promise<{ registrationId: string; step: WorkflowStep; runAt: Date }[]> {
    const rows = (await this.dataSource.query(
      `SELECT registration_id, step, run_at FROM registration_jobs WHERE done_at IS NULL ORDER BY run_at`,
    )) as { registration_id: string; step: WorkflowStep; run_at: Date }[];
    return rows.map((r) => ({ registrationId: r.registration_id, step: r.step, runAt: r.run_at }));
  }
}
