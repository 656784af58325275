import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HANDOFF_ENV } from '../config/config.module';
import type { EnvSchema } from '../config/env.schema';
import { ContactDeleteJob } from './jobs/contact-delete.job';
import { DeletionStep, DeletionStepsRepository } from './jobs/deletion-steps.repository';
import { DomainDeleteJob } from './jobs/domain-delete.job';
import { QuarantineEndJob } from './jobs/quarantine-end.job';
import { backoff, StepResult } from './jobs/step-result';
import { SubjectErasureJob } from './jobs/subject-erasure.job';
import { LapseSweep } from './lapse-sweep';
import { LIFECYCLE_CLOCK, LifecycleClock } from './lifecycle-clock';
import { PollConsumer } from './poll/poll-consumer';
import { PollMessagesRepository } from './poll/poll-messages.repository';
import { RETENTION_POLICY, RetentionPolicy, ruleFor } from './retention/retention-rules';
import { DAY_MS } from './lapse-moment';

const LEASE_MS = 5 * 60_000;
const BATCH = 10;
const POLL_EVERY_MS = 60_000;
const SWEEP_EVERY_MS = 24 * 3_600_000;

/**
 * Runs the deletion chain: claims due steps (FOR UPDATE SKIP LOCKED, under a lease, so several
 * processes can run it and a crashed one's step is taken over), drains the registry's poll queue
 * every minute and sweeps for overdue registrations daily. Started with the app when WORKER_ENABLED.
 */
@Injectable()
export class LifecycleWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LifecycleWorker');
  private timer?: NodeJS.Timeout;
  private running: Promise<unknown> = Promise.resolve();
  private busy = false;
  private lastPoll = 0;
  private lastSweep = 0;

  constructor(
    @Inject(HANDOFF_ENV) private readonly env: EnvSchema,
    @Inject(LIFECYCLE_CLOCK) private readonly clock: LifecycleClock,
    private readonly steps: DeletionStepsRepository,
    private readonly domainDelete: DomainDeleteJob,
    private readonly quarantineEnd: QuarantineEndJob,
    private readonly contactDelete: ContactDeleteJob,
    private readonly subjectErasure: SubjectErasureJob,
    private readonly poll: PollConsumer,
    private readonly sweep: LapseSweep,
    private readonly messages: PollMessagesRepository,
    @Inject(RETENTION_POLICY) private readonly policy: RetentionPolicy,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.env.WORKER_ENABLED) return;
    this.timer = setInterval(() => void this.tick(), this.env.WORKER_POLL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    const run = (async () => {
      const now = this.clock.now();
      if (now.getTime() - this.lastPoll >= POLL_EVERY_MS) {
        this.lastPoll = now.getTime();
        await this.poll.drain(now).catch((e: unknown) => this.logger.warn(`poll: ${(e as Error).name}`));
      }
      if (now.getTime() - this.lastSweep >= SWEEP_EVERY_MS) {
        this.lastSweep = now.getTime();
        await this.sweep.run(now).catch((e: unknown) => this.logger.warn(`sweep: ${(e as Error).name}`));
        // Retention of handled poll messages (config/retention.yaml, poll-message).
        const keep = ruleFor(this.policy, 'poll-message').keepDays * DAY_MS;
        await this.messages
          .deleteHandledBefore(new Date(now.getTime() - keep))
          .catch((e: unknown) => this.logger.warn(`poll retention: ${(e as Error).name}`));
      }
      await this.runDueSteps();
    })();
    this.running = run.catch(() => undefined);
    try {
      await run;
    } catch (e) {
      this.logger.warn(`lifecycle worker: ${(e as Error).name}`);
    } finally {
      this.busy = false;
    }
  }

  /**
   * One round at `now`: drain the poll queue (a registry failure there is logged and left for the
   * next round: unacknowledged messages come again), then run every due step. Tests call it directly.
   */
  async runOnce(now: Date = this.clock.now()): Promise<{ polled: number; steps: number }> {
    let polled = 0;
    try {
      polled = await this.poll.drain(now);
    } catch (e) {
      this.logger.warn(`poll: ${(e as Error).name}`);
    }
    return { polled, steps: await this.runDueSteps(now) };
  }

  /** Claims and runs every step due now, batch by batch; returns how many ran. Tests call it directly. */
  async runDueSteps(now: Date = this.clock.now()): Promise<number> {
    let total = 0;
    for (;;) {
      const claimed = await this.steps.claimDue(now, LEASE_MS, BATCH);
      if (claimed.length === 0) return total;
      for (const step of claimed) await this.runStep(step, now);
      total += claimed.length;
    }
  }

  private async runStep(step: DeletionStep, now: Date): Promise<StepResult> {
    let result: StepResult;
    try {
      result = await this.dispatch(step, now);
    } catch (e) {
      // Unexpected (database, bug): back off; the step stays open and is retried. No personal data in logs.
      this.logger.warn(`step ${step.id} (${step.kind}) failed unexpectedly: ${(e as Error).name}`);
      result = {
        status: 'retry',
        at: backoff(now, step.attempts),
        reason: `unexpected ${(e as Error).name}`,
      };
    }
    // Jobs that commit their state change finish the step in the same transaction; this is then a no-op.
    // A retry is always in the future, so one run of runDueSteps cannot loop on the same step.
    if (result.status === 'retry') {
      const at = new Date(Math.max(result.at.getTime(), now.getTime() + 1000));
      await this.steps.retryAt(step.id, at, result.reason, now);
    } else if (result.status === 'done') await this.steps.finish(step.id, 'done', result, now);
    else await this.steps.finish(step.id, result.status, result, now);
    return result;
  }

  private dispatch(step: DeletionStep, now: Date): Promise<StepResult> {
    switch (step.kind) {
      case 'domain-delete':
        return this.domainDelete.run(step, now);
      case 'quarantine-end':
        return this.quarantineEnd.run(step, now);
      case 'contact-delete':
        return this.contactDelete.run(step, now);
      case 'subject-erasure':
        return this.subjectErasure.run(step, now);
    }
  }
}
