import { createHmac } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { HANDOFF_ENV } from '../config/config.module';
import type { EnvSchema } from '../config/env.schema';
import { WORKFLOW_CLOCK, WorkflowClock } from './workflow.options';

const MAX_DELIVERY_ATTEMPTS = 10;

/** `t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>">` under WEBHOOK_SECRET. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/**
 * Optional webhook to the order system on every status change (table `webhook_deliveries`). The
 * delivery row is written in the same transaction as the status change, then posted with a
 * signature header (`Handoff-Signature`) and retried with back-off until a 2xx. The payload holds
 * ids and the status only, no personal data.
 */
@Injectable()
export class WebhookOutbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookOutbox.name);
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(HANDOFF_ENV) private readonly env: EnvSchema,
    @Inject(WORKFLOW_CLOCK) private readonly clock: WorkflowClock,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.env.WEBHOOK_URL || !this.env.WORKER_ENABLED) return;
    this.timer = setInterval(
      () => void this.deliverDue().catch(() => undefined),
      Math.max(this.env.WORKER_POLL_MS, 200),
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async statusChanged(registrationId: string, status: string, now: Date, m: EntityManager): Promise<void> {
    if (!this.env.WEBHOOK_URL) return;
    const payload = { event: 'registration.status', registrationId, status, at: now.toISOString() };
    await m.query(
      `INSERT INTO webhook_deliveries (registration_id, status, payload, run_at, created_at) VALUES ($1, $2, $3, $4, $4)`,
      [registrationId, status, JSON.stringify(payload), now],
    );
  }

  /** Posts every due delivery once. Returns how many were delivered. */
  async deliverDue(): Promise<number> {
    const url = this.env.WEBHOOK_URL;
    if (!url || this.busy) return 0;
    this.busy = true;
    let delivered = 0;
    try {
      const now = new Date(this.clock.now());
      const due = (await this.dataSource.query(
        `SELECT id, payload, attempts FROM webhook_deliveries WHERE delivered_at IS NULL AND run_at <= $1 AND attempts < $2
          ORDER BY id LIMIT 20`,
        [now, MAX_DELIVERY_ATTEMPTS],
      )) as { id: string; payload: unknown; attempts: number }[];
      for (const d of due) {
        const body = JSON.stringify(d.payload);
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (this.env.WEBHOOK_SECRET) {
          headers['handoff-signature'] = webhookSignature(
            this.env.WEBHOOK_SECRET,
            Math.floor(now.getTime() / 1000),
            body,
          );
        }
        let error: string | undefined;
        try {
          const res = await fetch(url, {
            method: 'POST',
            headers,
            body,
            signal: AbortSignal.timeout(10_000),
          });
          if (!res.ok) error = `HTTP ${res.status}`;
        } catch (e) {
          error = (e as Error).name;
        }
        if (error === undefined) {
          delivered++;
          await this.dataSource.query(
            `UPDATE webhook_deliveries SET delivered_at = $2, attempts = attempts + 1 WHERE id = $1`,
            [d.id, now],
          );
        } else {
          const retryAt = new Date(now.getTime() + Math.min(3600_000, 1000 * 2 ** d.attempts));
          await this.dataSource.query(
            `UPDATE webhook_deliveries SET attempts = attempts + 1, run_at = $2, last_error = $3 WHERE id = $1`,
            [d.id, retryAt, error],
          );
          this.logger.warn(`webhook delivery ${d.id} failed: ${error}`);
        }
      }
    } finally {
      this.busy = false;
    }
    return delivered;
  }
}
