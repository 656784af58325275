import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeletionChain } from '../deletion-chain';
import { isQuarantineCheckDue } from '../eligibility';
import { LapsesRepository } from '../lapses.repository';
import { inQuarantine, LIFECYCLE_REGISTRY, LifecycleRegistryPort } from '../lifecycle-registry.port';
import { DeletionStep, DeletionStepsRepository } from './deletion-steps.repository';
import { backoff, StepResult } from './step-result';

const HOUR = 3_600_000;

/**
 * Step 1: the domain leaves quarantine. The clock (rgpStatusEnd, or deletion + the configured days)
 * only says when to look; `domain:info` confirms (2303, or another registrar's name now) before the
 * chain moves on. A poll message may confirm first: then this step finds the lapse already gone.
 */
@Injectable()
export class QuarantineEndJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lapses: LapsesRepository,
    private readonly steps: DeletionStepsRepository,
    private readonly chain: DeletionChain,
    @Inject(LIFECYCLE_REGISTRY) private readonly registry: LifecycleRegistryPort,
  ) {}

  async run(step: DeletionStep, now: Date): Promise<StepResult> {
    const lapse = step.lapseId ? await this.lapses.findById(step.lapseId) : undefined;
    if (!lapse) return { status: 'skipped', reason: 'the lapse no longer exists' };
    if (lapse.status !== 'quarantine') return { status: 'skipped', reason: `the lapse is ${lapse.status}` };
    const end = lapse.quarantineEndsAt ?? now;
    if (!isQuarantineCheckDue(end, now))
      return { status: 'retry', at: end, reason: 'quarantine has not ended' };

    let info;
    try {
      info = await this.registry.infoDomain(lapse.domainName);
    } catch {
      return {
        status: 'retry',
        at: backoff(now, step.attempts),
        reason: 'registry did not answer domain:info',
      };
    }
    if (info.exists && info.ours && inQuarantine(info)) {
      // The registry has not purged it yet (its clock, or the purge run, is behind ours): look again later.
      const later =
        info.rgpStatusEnd && info.rgpStatusEnd > now ? info.rgpStatusEnd : new Date(now.getTime() + HOUR);
      return { status: 'retry', at: later, reason: 'still in quarantine at the registry' };
    }
    return this.dataSource.transaction(async (m) => {
      const current = await this.lapses.findById(lapse.id, m, true);
      if (!current || current.status !== 'quarantine')
        return { status: 'skipped', reason: `the lapse is ${current?.status ?? 'gone'}` } as StepResult;
      if (info.exists && info.ours) {
        // Active and ours again: restored outside Handoff (registry portal, another tool).
        const reason = 'restored outside Handoff: the domain is active at the registry';
        await this.lapses.transition(lapse.id, 'quarantine', 'restored', { reason }, now, m);
        await this.steps.finish(step.id, 'skipped', { reason }, now, m);
        return { status: 'skipped', reason } as StepResult;
      }
      const gone = await this.chain.domainGone(
        current,
        'purge-confirmed',
        {
          channel: 'epp:domain:info',
          text: info.exists
            ? 'domain:info after quarantine: sponsored by another registrar'
            : `domain:info after quarantine: ${info.resultCode}`,
          resultCode: info.exists ? 1000 : info.resultCode,
          svTRID: info.svTRID,
        },
        now,
        m,
      );
      const outcome = {
        resultCode: info.exists ? 1000 : info.resultCode,
        svTRID: info.svTRID ?? null,
        receiptEntryId: gone?.receiptEntryId ?? null,
      };
      await this.steps.finish(step.id, 'done', outcome, now, m);
      return { status: 'done', reason: 'purge confirmed by domain:info' } as StepResult;
    });
  }
}
