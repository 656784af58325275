import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { HANDOFF_ENV } from '../config/config.module';
import type { EnvSchema } from '../config/env.schema';
import { OrderErrorCode } from './order-error';
import { RegistrationWorkflow, StepResult } from './registration-workflow';
import { ClaimedJob, RegistrationsRepository } from './registrations.repository';
import { WebhookOutbox } from './webhook-outbox';
import {
  backoffMs,
  WORKFLOW_CLOCK,
  WORKFLOW_OPTIONS,
  WorkflowClock,
  WorkflowOptions,
} from './workflow.options';

/**
 * Drains `registration_jobs`. A job is claimed with SELECT ... FOR UPDATE SKIP LOCKED in a
 * transaction that stays open while the step runs; the step's result (state change, timeline
 * events, the next job or a re-schedule) is written in that same transaction, which then commits.
 * A crash at any point rolls the claim back and releases the lock with the connection: on restart
 * the job runs again from the last committed state (steps are written to be resumable).
 */
@Injectable()
export class RegistrationWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RegistrationWorker.name);
  private running = false;
  private loops: Promise<void>[] = [];
  /** One per idle loop: stop() must wake every loop, not only the last to sleep. */
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly registrations: RegistrationsRepository,
    private readonly workflow: RegistrationWorkflow,
    private readonly webhooks: WebhookOutbox,
    @Inject(WORKFLOW_OPTIONS) private readonly options: WorkflowOptions,
    @Inject(WORKFLOW_CLOCK) private readonly clock: WorkflowClock,
    @Inject(HANDOFF_ENV) private readonly env: EnvSchema,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.WORKER_ENABLED) this.start(Math.max(1, Math.min(4, this.env.EPP_POOL_SIZE)));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(concurrency = 1): void {
    if (this.running) return;
    this.running = true;
    for (let i = 0; i < concurrency; i++) this.loops.push(this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const wake of this.wakers) wake();
    await Promise.all(this.loops);
    this.loops = [];
  }

  /** Runs due jobs until none is due. For tests and the CLI. Returns the number of steps run. */
  async drain(max = 1000): Promise<number> {
    let n = 0;
    while (n < max && (await this.runOne())) n++;
    return n;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let worked = false;
      try {
        worked = await this.runOne();
      } catch (error) {
        this.logger.error(`worker step failed: ${(error as Error).name}: ${(error as Error).message}`);
      }
      if (!worked && this.running) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            this.wakers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, this.env.WORKER_POLL_MS);
          this.wakers.add(wake);
        });
      }
    }
  }

  /** Claims one due job, runs its step and commits the result. False when nothing was due. */
  async runOne(): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const job = await this.registrations.claimDue(this.now(), runner.manager);
      if (!job) {
        await runner.rollbackTransaction();
        return false;
      }
      let result: StepResult;
      try {
        result = await this.workflow.run(job.registrationId, job.step);
      } catch (error) {
        // A fault of ours (or the database's): count it, back off, and let a person see it if it persists.
        this.logger.error(
          `registration ${job.registrationId} ${job.step}: ${(error as Error).name}: ${(error as Error).message}`,
        );
        result = {
          kind: 'retry',
          reason: `internal: ${(error as Error).name}`,
          maybeApplied: true,
          events: [],
        };
      }
      await this.apply(job, result, runner.manager);
      await runner.commitTransaction();
      return true;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  private now(): Date {
    return new Date(this.clock.now());
  }

  private async apply(job: ClaimedJob, result: StepResult, m: EntityManager): Promise<void> {
    const now = this.now();
    const id = job.registrationId;
    if (result.kind === 'wait') {
      await this.registrations.rescheduleJob(
        job.id,
        new Date(now.getTime() + this.options.contactBusyWaitMs),
        false,
        result.reason,
        m,
      );
      return;
    }
    for (const e of result.events) await this.registrations.addEvent(id, e, now, m);
    if (result.kind === 'retry') {
      const attempts = job.attempts + 1;
      if (attempts < this.options.maxAttempts) {
        const at = new Date(now.getTime() + backoffMs(this.options, attempts));
        await this.registrations.rescheduleJob(job.id, at, true, result.reason, m);
        await this.registrations.addEvent(
          id,
          { step: job.step, status: 'retry-scheduled', detail: `${result.reason}; attempt ${attempts}` },
          now,
          m,
        );
        return;
      }
      const reg = await this.registrations.findById(id, m);
      const uncertain = result.maybeApplied || reg?.domainCreateSent === true;
      const status = uncertain ? 'needs-attention' : 'failed';
      const reason = `gave up after ${attempts} attempts (last: ${result.reason})`;
      await this.registrations.change(
        id,
        { status, error: { code: OrderErrorCode.RetriesExhausted, reason } },
        now,
        m,
      );
      await this.registrations.addEvent(id, { step: job.step, status, detail: reason }, now, m);
      await this.registrations.completeJob(job.id, now, m);
      await this.webhooks.statusChanged(id, status, now, m);
      return;
    }
    const before = await this.registrations.findById(id, m);
    await this.registrations.change(id, result.change, now, m);
    await this.registrations.completeJob(job.id, now, m);
    if (result.kind === 'next') await this.registrations.enqueue(id, result.step, now, m);
    const status = result.change.status;
    if (status && status !== before?.status) await this.webhooks.statusChanged(id, status, now, m);
  }
}
