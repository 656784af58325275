import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SubjectKeysService } from '../../privacy-crypto/subject-keys.service';
import { DeletionChain } from '../deletion-chain';
import { isEligibleForErasure } from '../eligibility';
import { LIFECYCLE_LEDGER, LifecycleLedgerPort, LOCAL_RECIPIENT } from '../lifecycle-ledger.port';
import { RETENTION_POLICY, RetentionPolicy } from '../retention/retention-rules';
import { SubjectPrivacyRepository } from '../subject-privacy.repository';
import { SubjectRecordsRepository } from '../subject-records.repository';
import { DeletionStep, DeletionStepsRepository } from './deletion-steps.repository';
import { StepResult } from './step-result';

/**
 * Step 3: local erasure of the subject's personal data, when the retention rules allow. One
 * transaction: re-check eligibility on freshly locked facts, destroy the subject's keys (crypto-
 * shredding: every copy of its ciphertexts and ledger commitments, backups included, becomes
 * unreadable and unlinkable), remove the rows the plan names, keep what a legal hold or rule keeps,
 * and write the deletion receipt. A crash anywhere leaves either all of it or none of it.
 */
@Injectable()
export class SubjectErasureJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly steps: DeletionStepsRepository,
    private readonly records: SubjectRecordsRepository,
    private readonly privacy: SubjectPrivacyRepository,
    private readonly chain: DeletionChain,
    private readonly keys: SubjectKeysService,
    @Inject(LIFECYCLE_LEDGER) private readonly ledger: LifecycleLedgerPort,
    @Inject(RETENTION_POLICY) private readonly policy: RetentionPolicy,
  ) {}

  async run(step: DeletionStep, now: Date): Promise<StepResult> {
    const subjectId = step.target;
    // Check before taking locks; the same check runs again inside the transaction.
    const first = isEligibleForErasure(await this.chain.subjectFacts(subjectId), now, this.policy);
    if (!first.eligible) {
      if (first.code === 'retention-running' && first.retryAt)
        return { status: 'retry', at: first.retryAt, reason: first.reason };
      return { status: 'skipped', reason: first.reason };
    }
    return this.dataSource.transaction(async (m) => {
      // Serialise with a new order for the same subject (which inserts registrations referencing this row).
      await m.query(`SELECT id FROM data_subjects WHERE id = $1 FOR UPDATE`, [subjectId]);
      await m.query(`SELECT subject_id FROM registrant_contacts WHERE subject_id = $1 FOR UPDATE`, [
        subjectId,
      ]);
      const check = isEligibleForErasure(await this.chain.subjectFacts(subjectId, m), now, this.policy);
      if (!check.eligible) {
        const reason = check.reason;
        if (check.code === 'retention-running' && check.retryAt) {
          await this.steps.retryAt(step.id, check.retryAt, reason, now, m);
          return { status: 'retry', at: check.retryAt, reason } as StepResult;
        }
        await this.steps.finish(step.id, 'skipped', { reason }, now, m);
        return { status: 'skipped', reason } as StepResult;
      }
      const plan = check.plan;
      const shred = plan.some((p) => p.category === 'registrant-contact' && p.action === 'erase');
      const keyDestroyed = shred ? await this.keys.destroy(subjectId, now, m) : false;
      const removed = await this.records.eraseSubject(subjectId, plan, m);
      await this.privacy.markErased(subjectId, now, m);
      const erased = plan.filter((p) => p.action === 'erase').map((p) => p.category);
      const kept = plan.filter((p) => p.action === 'keep').map((p) => `${p.category} (${p.rule})`);
      const receipt = await this.ledger.recordDeletionReceipt(
        {
          recipient: LOCAL_RECIPIENT,
          subjectId,
          channel: 'local:erasure',
          what:
            `personal data erased locally: ${erased.join(', ') || 'nothing'}` +
            (shred
              ? `; subject keys destroyed${keyDestroyed ? '' : ' (already destroyed)'}`
              : '; subject keys kept') +
            `; rows removed: ${removed.map((r) => `${r.table} ${r.rows}`).join(', ') || 'none'}` +
            (kept.length ? `; kept: ${kept.join('; ')}` : ''),
        },
        m,
      );
      await this.steps.finish(
        step.id,
        'done',
        { reason: `erased: ${erased.join(', ')}`, receiptEntryId: receipt.entryId },
        now,
        m,
      );
      return { status: 'done', receiptEntryId: receipt.entryId } as StepResult;
    });
  }
}
