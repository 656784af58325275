import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ErasurePlanItem, LegalHold } from './eligibility';

/**
 * Named queries over the registrations module's tables (issue 4: `data_subjects`, `registrations`,
 * `registrant_contacts`, `customer_profiles` and their children) that the deletion chain reads, and
 * the one place rows are removed on erasure. Read-mostly; erasure runs in the caller's transaction,
 * together with the key destruction and the ledger receipt.
 */
export type RegistrationState = 'active' | 'failed';

export interface RegistrationRef {
  id: string;
  subjectId: string;
  domainName: string;
  /** `failed` registrations never reached the registry as a domain; everything else counts. */
  state: RegistrationState;
  /** The registrations module's own status (`registered`, `accepted`, ...). */
  status: string;
  registrantHandle: string | null;
  createdAt: Date;
}

export interface ErasedRows {
  table: string;
  rows: number;
}

/** Registrations that may hold a domain at the registry (accepted and in-flight ones included: they may soon). */
const ACTIVE = `status <> 'failed'`;

interface RegRow {
  id: string;
  subject_id: string;
  domain_name: string;
  status: string;
  registrant_handle: string | null;
  created_at: Date;
}

function toRef(r: RegRow): RegistrationRef {
  return {
    id: r.id,
    subjectId: r.subject_id,
    domainName: r.domain_name,
    state: r.status === 'failed' ? 'failed' : 'active',
    status: r.status,
    registrantHandle: r.registrant_handle,
    createdAt: r.created_at,
  };
}

@Injectable()
export class SubjectRecordsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async subjectForCustomer(
    customerId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string | undefined> {
    const rows = (await manager.query(`SELECT id FROM data_subjects WHERE customer_id = $1`, [
      customerId,
    ])) as { id: string }[];
    return rows[0]?.id;
  }

  /** The registration that holds the domain now: the newest one that did not fail. */
  async currentRegistration(
    domainName: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RegistrationRef | undefined> {
    const rows = (await manager.query(
      `SELECT id, subject_id, domain_name, status, registrant_handle, created_at FROM registrations
        WHERE domain_name = $1 AND ${ACTIVE} ORDER BY created_at DESC, id LIMIT 1`,
      [domainName],
    )) as RegRow[];
    return rows[0] ? toRef(rows[0]) : undefined;
  }

  async registrationsOfSubject(
    subjectId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RegistrationRef[]> {
    const rows = (await manager.query(
      `SELECT id, subject_id, domain_name, status, registrant_handle, created_at FROM registrations
        WHERE subject_id = $1 ORDER BY created_at, id`,
      [subjectId],
    )) as RegRow[];
    return rows.map(toRef);
  }

  /** The subject's registry contact (one per subject), or undefined once it was deleted at the registry. */
  async registrantContact(
    subjectId: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<{ handle: string } | undefined> {
    const rows = (await manager.query(
      `SELECT handle FROM registrant_contacts WHERE subject_id = $1${lock ? ' FOR UPDATE' : ''}`,
      [subjectId],
    )) as {
      handle: string;
    }[];
    return rows[0];
  }

  async subjectOfHandle(
    handle: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string | undefined> {
    const rows = (await manager.query(`SELECT subject_id FROM registrant_contacts WHERE handle = $1`, [
      handle,
    ])) as { subject_id: string }[];
    return rows[0]?.subject_id;
  }

  /**
   * The contact is gone at the registry: its registry copy (personal data, encrypted) has no purpose
   * left, and the subject gets a fresh contact if it orders again. In the caller's transaction.
   */
  /**
   * Claims the contact for contact:delete (from `active`, or again after an unknown outcome). False
   * when an order is writing it (`creating`/`updating`): it is in use.
   */
  async claimContactForDeletion(subjectId: string, handle: string, manager: EntityManager): Promise<boolean> {
    const rows = (await manager.query(
      `UPDATE registrant_contacts SET state = 'deleting', updated_at = now()
        WHERE subject_id = $1 AND handle = $2 AND state IN ('active', 'deleting') RETURNING 1`,
      [subjectId, handle],
    )) as unknown[];
    return rows.length > 0;
  }

  /** The registry kept the contact (still linked, refused): it is usable again. */
  async releaseContactClaim(
    subjectId: string,
    handle: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `UPDATE registrant_contacts SET state = 'active', updated_at = now()
        WHERE subject_id = $1 AND handle = $2 AND state = 'deleting'`,
      [subjectId, handle],
    );
  }

  async forgetRegistrantContact(subjectId: string, handle: string, manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM registrant_contacts WHERE subject_id = $1 AND handle = $2`, [
      subjectId,
      handle,
    ]);
  }

  async activeLegalHolds(
    subjectId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<LegalHold[]> {
    const rows = (await manager.query(
      `SELECT categories, rule FROM legal_holds WHERE subject_id = $1 AND released_at IS NULL`,
      [subjectId],
    )) as { categories: string[]; rule: string }[];
    return rows.map((r) => ({ categories: r.categories, rule: r.rule }));
  }

  /**
   * Removes the subject's rows per the plan (the key is destroyed by the caller, in the same
   * transaction). Returns what was removed from which table, for the receipt and the report.
   */
  async eraseSubject(
    subjectId: string,
    plan: readonly ErasurePlanItem[],
    manager: EntityManager,
  ): Promise<ErasedRows[]> {
    const erase = new Set(plan.filter((p) => p.action === 'erase').map((p) => p.category));
    const out: ErasedRows[] = [];
    const run = async (table: string, sql: string) => {
      const result = (await manager.query(sql, [subjectId])) as [unknown, number];
      out.push({ table, rows: result[1] });
    };
    if (erase.has('registrant-contact')) {
      await run('customer_profiles', `DELETE FROM customer_profiles WHERE subject_id = $1`);
      await run('registrant_contacts', `DELETE FROM registrant_contacts WHERE subject_id = $1`);
    }
    const regs = `SELECT id FROM registrations WHERE subject_id = $1`;
    if (erase.has('registration-record')) {
      await run('webhook_deliveries', `DELETE FROM webhook_deliveries WHERE registration_id IN (${regs})`);
      await run('registration_events', `DELETE FROM registration_events WHERE registration_id IN (${regs})`);
      await run('registration_jobs', `DELETE FROM registration_jobs WHERE registration_id IN (${regs})`);
      await run('registrations', `DELETE FROM registrations WHERE subject_id = $1`);
      await run(
        'domain_lapses (registrant handle)',
        `UPDATE domain_lapses SET registrant_handle = NULL WHERE subject_id = $1`,
      );
      if (erase.has('registrant-contact')) {
        // The customer id is the last link between the pseudonymous subject id (in the ledger) and the customer.
        await run('data_subjects', `DELETE FROM data_subjects WHERE id = $1`);
      }
    } else if (erase.has('order-record')) {
      await run(
        'registrations (order fields)',
        `UPDATE registrations SET order_id = NULL, idempotency_key = 'erased:' || id, request_digest = 'erased' WHERE subject_id = $1`,
      );
    }
    return out;
  }
}
