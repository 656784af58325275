import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Data subjects (table `data_subjects`): one per customer of the order system. The subject id is a
 * random UUID, the pseudonym under which the ledger and the keys know the customer.
 */
@Injectable()
export class SubjectsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The subject id for a customer, created on first sight (safe under concurrency). */
  async ensureForCustomer(
    customerId: string,
    now: Date,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string> {
    await manager.query(
      `INSERT INTO data_subjects (id, customer_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (customer_id) DO NOTHING`,
      [randomUUID(), customerId, now],
    );
    const rows = (await manager.query(`SELECT id FROM data_subjects WHERE customer_id = $1`, [
      customerId,
    ])) as {
      id: string;
    }[];
    return rows[0].id;
  }

  async findByCustomer(
    customerId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string | undefined> {
    const rows = (await manager.query(`SELECT id FROM data_subjects WHERE customer_id = $1`, [
      customerId,
    ])) as {
      id: string;
    }[];
    return rows[0]?.id;
  }
}
