import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EppError, EppErrorCode } from '../../epp/codec/errors';
import { DeletionChain } from '../deletion-chain';
import { isLapseDue, quarantineEnd } from '../eligibility';
import { Lapse, LapsesRepository } from '../lapses.repository';
import { LIFECYCLE_LEDGER, LifecycleLedgerPort } from '../lifecycle-ledger.port';
import {
  inQuarantine,
  LIFECYCLE_REGISTRY,
  LifecycleRegistryPort,
  RegistryConfirmation,
} from '../lifecycle-registry.port';
import { REGISTRY_RECIPIENT, RegistryEndings } from '../registry-endings';
import { RETENTION_POLICY, RetentionPolicy } from '../retention/retention-rules';
import { DeletionStep, DeletionStepsRepository } from './deletion-steps.repository';
import { backoff, StepResult } from './step-result';

/**
 * Step 0 of the chain: at the lapse's moment, `domain:delete`. Re-loads the lapse (a cancel may have
 * come in), re-checks that it is due, then acts. A lapse already `deleting` means an earlier attempt
 * may have reached the registry without an answer: look first (domain:info), act only if the domain
 * is still there and active. On success the domain is in quarantine; the quarantine-end step is
 * queued for the registry's `rgpStatusEnd` (or deletion + the configured days).
 */
@Injectable()
export class DomainDeleteJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lapses: LapsesRepository,
    private readonly steps: DeletionStepsRepository,
    private readonly chain: DeletionChain,
    private readonly endings: RegistryEndings,
    @Inject(LIFECYCLE_REGISTRY) private readonly registry: LifecycleRegistryPort,
    @Inject(LIFECYCLE_LEDGER) private readonly ledger: LifecycleLedgerPort,
    @Inject(RETENTION_POLICY) private readonly policy: RetentionPolicy,
  ) {}

  async run(step: DeletionStep, now: Date): Promise<StepResult> {
    const lapse = step.lapseId ? await this.lapses.findById(step.lapseId) : undefined;
    if (!lapse) return { status: 'skipped', reason: 'the lapse no longer exists' };
    if (lapse.status === 'scheduled') {
      if (!isLapseDue(lapse, now)) return { status: 'retry', at: lapse.effectiveAt, reason: 'not yet due' };
      const moved = await this.lapses.transition(lapse.id, 'scheduled', 'deleting', {}, now);
      if (!moved) return { status: 'skipped', reason: 'the lapse changed meanwhile (cancelled?)' };
      return this.delete(moved, step, now);
    }
    if (lapse.status === 'deleting') return this.reconcile(lapse, step, now);
    return { status: 'skipped', reason: `the lapse is ${lapse.status}` };
  }

  /** An earlier attempt's outcome is unknown: what does the registry hold? */
  private async reconcile(lapse: Lapse, step: DeletionStep, now: Date): Promise<StepResult> {
    const info = await this.registry.infoDomain(lapse.domainName);
    if (!info.exists || !info.ours) {
      return this.dataSource.transaction(async (m) => {
        const gone = await this.chain.domainGone(
          lapse,
          'transferred-away',
          {
            channel: 'epp:domain:info',
            text: `domain:info ${info.exists ? 'shows another sponsor' : `answered ${info.resultCode}`}`,
            resultCode: info.exists ? 1000 : info.resultCode,
            svTRID: info.svTRID,
          },
          now,
          m,
        );
        await this.steps.finish(
          step.id,
          'done',
          { reason: 'the domain is no longer ours', receiptEntryId: gone?.receiptEntryId },
          now,
          m,
        );
        return { status: 'done', reason: 'the domain is no longer ours' } as StepResult;
      });
    }
    if (inQuarantine(info)) {
      // The earlier delete went through: its answer was lost, the registry's state is the confirmation.
      return this.accepted(
        lapse,
        step,
        now,
        { resultCode: 1000, clTRID: step.clTRID ?? '', svTRID: info.svTRID },
        null,
        info.rgpStatusEnd ?? null,
        'domain:info shows the domain in quarantine',
      );
    }
    return this.delete(lapse, step, now);
  }

  private async delete(lapse: Lapse, step: DeletionStep, now: Date): Promise<StepResult> {
    if (!lapse.subjectId)
      return this.fail(lapse, step, now, 'the lapse has no data subject (no registration)');
    let sent: { confirmation: RegistryConfirmation; intentEntryId: string };
    try {
      sent = await this.endings.send(
        {
          channel: 'epp:domain:delete',
          subjectId: lapse.subjectId,
          domain: lapse.domainName,
          registrationId: lapse.registrationId ?? undefined,
        },
        (beforeSend) =>
          this.registry.deleteDomain(lapse.domainName, async (frame) => {
            await this.steps.noteSent(step.id, frame.clTRID, now);
            await beforeSend(frame);
          }),
      );
    } catch (e) {
      if (!(e instanceof EppError))
        return {
          status: 'retry',
          at: backoff(now, step.attempts),
          reason: 'outcome unknown: will look before acting again',
        };
      if (!e.permanent)
        return {
          status: 'retry',
          at: backoff(now, step.attempts),
          reason: `registry ${e.resultCode} (transient)`,
        };
      if (
        e.code === EppErrorCode.StatusProhibitsOperation ||
        e.code === EppErrorCode.ObjectDoesNotExist ||
        e.code === EppErrorCode.AuthorizationError
      ) {
        // Already deleted by a lost earlier attempt, or no longer ours: the registry's state decides.
        const info = await this.registry.infoDomain(lapse.domainName);
        if (info.exists && info.ours && inQuarantine(info)) {
          return this.accepted(
            lapse,
            step,
            now,
            { resultCode: 1000, clTRID: step.clTRID ?? '', svTRID: info.svTRID },
            null,
            info.rgpStatusEnd ?? null,
            'domain:info shows the domain in quarantine',
          );
        }
        if (!info.exists || !info.ours) return this.reconcile(lapse, step, now);
      }
      return this.fail(
        lapse,
        step,
        now,
        `registry refused the delete: ${e.resultCode} ${e.reason}`,
        e.resultCode,
        e.svTRID,
      );
    }
    let rgpStatusEnd: Date | null = null;
    try {
      const info = await this.registry.infoDomain(lapse.domainName);
      if (info.exists) rgpStatusEnd = info.rgpStatusEnd ?? null;
    } catch {
      // The end of quarantine then follows the configured days; the quarantine-end step asks again.
    }
    return this.accepted(
      lapse,
      step,
      now,
      sent.confirmation,
      sent.intentEntryId,
      rgpStatusEnd,
      'domain:delete accepted',
    );
  }

  private accepted(
    lapse: Lapse,
    step: DeletionStep,
    now: Date,
    c: RegistryConfirmation,
    intentEntryId: string | null,
    rgpStatusEnd: Date | null,
    how: string,
  ): Promise<StepResult> {
    const end = quarantineEnd(now, rgpStatusEnd, this.policy);
    return this.dataSource.transaction(async (m) => {
      const moved = await this.lapses.transition(
        lapse.id,
        'deleting',
        'quarantine',
        {
          deletedAt: now,
          quarantineEndsAt: end,
          deleteClTRID: c.clTRID || null,
          deleteSvTRID: c.svTRID ?? null,
          deleteResultCode: c.resultCode,
        },
        now,
        m,
      );
      if (!moved) return { status: 'skipped', reason: 'the lapse changed meanwhile' } as StepResult;
      if (intentEntryId) await this.endings.recordSuccess(intentEntryId, c, m);
      const receipt = await this.ledger.recordDeletionReceipt(
        {
          recipient: REGISTRY_RECIPIENT,
          subjectId: lapse.subjectId as string,
          channel: 'epp:domain:delete',
          what: `domain deleted at the registry (${how}); in quarantine until ${end.toISOString()}, restorable with its registrant`,
          domain: lapse.domainName,
          registrationId: lapse.registrationId ?? undefined,
          clTRID: c.clTRID || undefined,
          svTRID: c.svTRID,
          resultCode: c.resultCode,
        },
        m,
      );
      await this.steps.enqueue(
        'quarantine-end',
        lapse.domainName,
        { lapseId: lapse.id, subjectId: lapse.subjectId, runAt: end },
        now,
        m,
      );
      const outcome = {
        resultCode: c.resultCode,
        clTRID: c.clTRID || null,
        svTRID: c.svTRID ?? null,
        receiptEntryId: receipt.entryId,
      };
      await this.steps.finish(step.id, 'done', outcome, now, m);
      return { status: 'done', ...outcome, clTRID: c.clTRID, svTRID: c.svTRID } as StepResult;
    });
  }

  private fail(
    lapse: Lapse,
    step: DeletionStep,
    now: Date,
    reason: string,
    resultCode?: number,
    svTRID?: string,
  ): Promise<StepResult> {
    return this.dataSource.transaction(async (m) => {
      await this.lapses.transition(lapse.id, lapse.status, 'failed', { reason }, now, m);
      await this.steps.finish(step.id, 'failed', { reason, resultCode, svTRID }, now, m);
      return { status: 'failed', reason, resultCode, svTRID } as StepResult;
    });
  }
}
