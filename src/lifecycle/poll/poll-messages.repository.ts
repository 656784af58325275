import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ClassifiedPollMessage } from './poll-message-classifier';

/**
 * Table `registry_poll_messages`: every poll message handled, keyed by the registry's message id, so
 * handling is idempotent (a message seen again after a lost ack is only acknowledged again). The
 * registry's payload is not stored: only its classification, object names and the notice text.
 */
@Injectable()
export class PollMessagesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the message unless known; returns whether it was already handled. Locks the row for the caller. */
  async receive(
    m: ClassifiedPollMessage & { id: string; qDate?: Date; msg?: string },
    now: Date,
    manager: EntityManager,
  ): Promise<{ alreadyHandled: boolean }> {
    await manager.query(
      `INSERT INTO registry_poll_messages (message_id, q_date, received_at, kind, object_type, object_names, result_code, msg)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (message_id) DO NOTHING`,
      [
        m.id,
        m.qDate ?? null,
        now,
        m.kind,
        m.objectType ?? null,
        m.objectNames,
        m.resultCode ?? null,
        m.msg?.slice(0, 500) ?? null,
      ],
    );
    const rows = (await manager.query(
      `SELECT handled_at FROM registry_poll_messages WHERE message_id = $1 FOR UPDATE`,
      [m.id],
    )) as {
      handled_at: Date | null;
    }[];
    return { alreadyHandled: rows[0]?.handled_at != null };
  }

  async markHandled(id: string, outcome: string, now: Date, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE registry_poll_messages SET handled_at = $2, outcome = $3 WHERE message_id = $1`,
      [id, now, outcome],
    );
  }

  async list(limit = 100): Promise<
    {
      messageId: string;
      kind: string;
      objectNames: string[];
      handledAt: Date | null;
      outcome: string | null;
    }[]
  > {
    const rows = (await this.dataSource.query(
      `SELECT message_id, kind, object_names, handled_at, outcome FROM registry_poll_messages ORDER BY received_at DESC LIMIT $1`,
      [limit],
    )) as {
      message_id: string;
      kind: string;
      object_names: string[];
      handled_at: Date | null;
      outcome: string | null;
    }[];
    return rows.map((r) => ({
      messageId: r.message_id,
      kind: r.kind,
      objectNames: r.object_names,
      handledAt: r.handled_at,
      outcome: r.outcome,
    }));
  }

  /** Retention (config/retention.yaml, poll-message): handled messages older than the cut-off go. */
  async deleteHandledBefore(cutoff: Date): Promise<number> {
    const result = (await this.dataSource.query(`DELETE FROM registry_poll_messages WHERE handled_at < $1`, [
      cutoff,
    ])) as [unknown, number];
    return result[1];
  }
}
