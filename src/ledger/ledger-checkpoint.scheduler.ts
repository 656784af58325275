import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { LEDGER_CONFIG, LedgerConfig } from './ledger.config';
import { LedgerService } from './ledger.service';

/**
 * Issues a signed checkpoint every `checkpointIntervalMs` (0 disables the schedule). A tick that
 * finds nothing new returns the latest checkpoint without writing one.
 */
@Injectable()
export class LedgerCheckpointScheduler implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LedgerCheckpoints');
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly ledger: LedgerService,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'checkpointIntervalMs'>,
  ) {}

  onModuleInit(): void {
    if (this.config.checkpointIntervalMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.config.checkpointIntervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One scheduled run; overlapping runs are skipped. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const cp = await this.ledger.issueCheckpoint();
      this.logger.debug(`checkpoint at tree size ${cp.treeSize}`);
    } catch (e) {
      this.logger.error(`scheduled checkpoint failed: ${e instanceof Error ? e.message : 'unknown error'}`);
    } finally {
      this.running = false;
    }
  }
}
