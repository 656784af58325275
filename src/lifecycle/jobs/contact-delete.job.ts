import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EppError, EppErrorCode } from '../../epp/codec/errors';
import { DeletionChain } from '../deletion-chain';
import { isContactDeletable } from '../eligibility';
import { LIFECYCLE_LEDGER, LifecycleLedgerPort } from '../lifecycle-ledger.port';
import { LIFECYCLE_REGISTRY, LifecycleRegistryPort, RegistryConfirmation } from '../lifecycle-registry.port';
import { REGISTRY_RECIPIENT, RegistryEndings } from '../registry-endings';
import { SubjectRecordsRepository } from '../subject-records.repository';
import { DeletionStep, DeletionStepsRepository } from './deletion-steps.repository';
import { backoff, StepResult } from './step-result';

/** After this many 2305 answers that our own records cannot explain, a person has to look. */
const MAX_UNEXPLAINED_2305 = 5;

/**
 * Step 2: the registrant contact at the registry, once no domain of ours links it. Re-checks our own
 * records right before acting; the registry's 2305 ("still linked") is never forced: it means re-check,
 * and if our records see no link, try again later and finally ask a person. 2303 on the delete means
 * the registry no longer holds it (it purged it): that is the confirmation.
 */
@Injectable()
export class ContactDeleteJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly steps: DeletionStepsRepository,
    private readonly records: SubjectRecordsRepository,
    private readonly chain: DeletionChain,
    private readonly endings: RegistryEndings,
    @Inject(LIFECYCLE_REGISTRY) private readonly registry: LifecycleRegistryPort,
    @Inject(LIFECYCLE_LEDGER) private readonly ledger: LifecycleLedgerPort,
  ) {}

  async run(step: DeletionStep, now: Date): Promise<StepResult> {
    const handle = step.target;
    const subjectId = step.subjectId ?? (await this.records.subjectOfHandle(handle));
    if (!subjectId)
      return { status: 'skipped', reason: 'no contact with this handle is held (already deleted)' };
    // Re-check and claim in one transaction with the contact row locked: an order that arrives after
    // this sees `deleting` and waits for a fresh contact instead of reusing this handle.
    const claim = await this.dataSource.transaction(async (m): Promise<StepResult | 'gone' | 'claimed'> => {
      const contact = await this.records.registrantContact(subjectId, m, true);
      if (!contact || contact.handle !== handle) return 'gone';
      const check = isContactDeletable(
        { deletedAtRegistry: false },
        await this.chain.linkingDomains(subjectId, m),
      );
      if (!check.eligible) return { status: 'skipped', reason: check.reason };
      if (!(await this.records.claimContactForDeletion(subjectId, handle, m))) {
        return { status: 'skipped', reason: 'the contact is being written for an order: still in use' };
      }
      return 'claimed';
    });
    if (claim === 'gone') {
      await this.steps.enqueue('subject-erasure', subjectId, { subjectId, runAt: now }, now);
      return { status: 'skipped', reason: 'the contact is no longer held (already deleted)' };
    }
    if (claim !== 'claimed') return claim;

    let sent: { confirmation: RegistryConfirmation; intentEntryId: string | null };
    try {
      sent = await this.endings.send({ channel: 'epp:contact:delete', subjectId }, (beforeSend) =>
        this.registry.deleteContact(handle, async (frame) => {
          await this.steps.noteSent(step.id, frame.clTRID, now);
          await beforeSend(frame);
        }),
      );
    } catch (e) {
      if (!(e instanceof EppError))
        return {
          status: 'retry',
          at: backoff(now, step.attempts),
          reason: 'outcome unknown: will send again (a repeat answers 2303)',
        };
      if (e.code === EppErrorCode.ObjectDoesNotExist) {
        sent = {
          confirmation: { resultCode: e.resultCode, clTRID: e.clTRID ?? step.clTRID ?? '', svTRID: e.svTRID },
          intentEntryId: null,
        };
      } else if (e.code === EppErrorCode.ObjectAssociationProhibits) {
        const again = isContactDeletable(
          { deletedAtRegistry: false },
          await this.chain.linkingDomains(subjectId),
        );
        if (!again.eligible) {
          await this.records.releaseContactClaim(subjectId, handle);
          return { status: 'skipped', reason: `registry: still linked (2305); ${again.reason}` };
        }
        if (step.attempts >= MAX_UNEXPLAINED_2305) {
          await this.records.releaseContactClaim(subjectId, handle);
          return {
            status: 'failed',
            reason:
              'registry keeps answering 2305 (still linked) though no domain of ours links the contact: needs a person',
            resultCode: 2305,
            svTRID: e.svTRID,
          };
        }
        return {
          status: 'retry',
          at: backoff(now, step.attempts + 6),
          reason: 'registry: still linked (2305); our records see no link: re-checking later',
        };
      } else if (!e.permanent) {
        return {
          status: 'retry',
          at: backoff(now, step.attempts),
          reason: `registry ${e.resultCode} (transient)`,
        };
      } else {
        await this.records.releaseContactClaim(subjectId, handle);
        return {
          status: 'failed',
          reason: `registry refused the delete: ${e.resultCode} ${e.reason}`,
          resultCode: e.resultCode,
          svTRID: e.svTRID,
        };
      }
    }

    const c = sent.confirmation;
    return this.dataSource.transaction(async (m) => {
      await this.records.forgetRegistrantContact(subjectId, handle, m);
      if (sent.intentEntryId) await this.endings.recordSuccess(sent.intentEntryId, c, m);
      const receipt = await this.ledger.recordDeletionReceipt(
        {
          recipient: REGISTRY_RECIPIENT,
          subjectId,
          channel: 'epp:contact:delete',
          what:
            c.resultCode === 2303
              ? 'registrant contact no longer held by the registry (contact:delete answered 2303: purged by the registry)'
              : 'registrant contact deleted at the registry',
          clTRID: c.clTRID || undefined,
          svTRID: c.svTRID,
          resultCode: c.resultCode,
        },
        m,
      );
      await this.steps.enqueue('subject-erasure', subjectId, { subjectId, runAt: now }, now, m);
      const outcome = {
        resultCode: c.resultCode,
        clTRID: c.clTRID || null,
        svTRID: c.svTRID ?? null,
        receiptEntryId: receipt.entryId,
      };
      await this.steps.finish(step.id, 'done', outcome, now, m);
      return { status: 'done', reason: 'contact deleted' } as StepResult;
    });
  }
}
