import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DeletionChain } from '../deletion-chain';
import { DeletionStepsRepository } from '../jobs/deletion-steps.repository';
import { LapsesRepository } from '../lapses.repository';
import { LIFECYCLE_LEDGER, LifecycleLedgerPort } from '../lifecycle-ledger.port';
import {
  LIFECYCLE_REGISTRAR_ID,
  LIFECYCLE_REGISTRY,
  LifecycleRegistryPort,
  RegistryPollMessage,
} from '../lifecycle-registry.port';
import { REGISTRY_RECIPIENT } from '../registry-endings';
import { SubjectRecordsRepository } from '../subject-records.repository';
import { ClassifiedPollMessage, classifyPollMessage } from './poll-message-classifier';
import { PollMessagesRepository } from './poll-messages.repository';

/**
 * The registry's poll queue (RFC 5730 §2.9.2.3): req, handle, ack — idempotent on the message id.
 * Handling and storing the message commit in one transaction before the ack; a crash before the ack
 * makes the registry hand the same message again, which is then only acknowledged.
 */
@Injectable()
export class PollConsumer {
  private readonly logger = new Logger('PollConsumer');

  constructor(
    private readonly dataSource: DataSource,
    private readonly messages: PollMessagesRepository,
    private readonly lapses: LapsesRepository,
    private readonly steps: DeletionStepsRepository,
    private readonly records: SubjectRecordsRepository,
    private readonly chain: DeletionChain,
    @Inject(LIFECYCLE_REGISTRY) private readonly registry: LifecycleRegistryPort,
    @Inject(LIFECYCLE_LEDGER) private readonly ledger: LifecycleLedgerPort,
    @Inject(LIFECYCLE_REGISTRAR_ID) private readonly registrarId: string,
  ) {}

  /** Drains up to `max` messages; returns how many were handled (including re-acknowledged ones). */
  async drain(now: Date, max = 50): Promise<number> {
    let n = 0;
    for (; n < max; n++) {
      const message = await this.registry.pollRequest();
      if (!message) break;
      await this.handle(message, now);
      await this.registry.pollAck(message.id);
    }
    return n;
  }

  async handle(message: RegistryPollMessage, now: Date): Promise<string> {
    const classified = classifyPollMessage(message.response, message.msg, this.registrarId);
    return this.dataSource.transaction(async (m) => {
      const { alreadyHandled } = await this.messages.receive(
        { ...classified, id: message.id, qDate: message.qDate, msg: message.msg },
        now,
        m,
      );
      if (alreadyHandled) return 'already handled';
      const outcome = await this.apply(classified, message.id, now, m);
      await this.messages.markHandled(message.id, outcome, now, m);
      this.logger.log(`poll message ${message.id}: ${classified.kind} -> ${outcome}`);
      return outcome;
    });
  }

  private async apply(
    c: ClassifiedPollMessage,
    pollMessageId: string,
    now: Date,
    m: EntityManager,
  ): Promise<string> {
    switch (c.kind) {
      case 'domain-purged':
      case 'domain-transferred-away': {
        const outcomes: string[] = [];
        for (const name of c.objectNames) {
          const lapse = await this.openOrNewLapse(name, c.kind === 'domain-transferred-away', now, m);
          if (!lapse) {
            outcomes.push('no lapse of ours');
            continue;
          }
          const gone = await this.chain.domainGone(
            lapse,
            c.kind === 'domain-purged' ? 'purge-confirmed' : 'transferred-away',
            { channel: 'epp:poll', text: `poll message ${pollMessageId}: ${c.kind}`, pollMessageId },
            now,
            m,
          );
          outcomes.push(
            gone
              ? c.kind === 'domain-purged'
                ? 'purge confirmed'
                : 'transfer away recorded'
              : `lapse is ${lapse.status}`,
          );
        }
        return outcomes.join('; ') || 'no domain named';
      }
      case 'delete-rejected': {
        const outcomes: string[] = [];
        for (const name of c.objectNames) {
          const lapse = await this.lapses.findOpen(name, m, true);
          if (!lapse || (lapse.status !== 'quarantine' && lapse.status !== 'deleting')) {
            outcomes.push('no lapse deleting');
            continue;
          }
          const reason = `the registry rejected the delete (poll message ${pollMessageId}${c.resultCode ? `, ${c.resultCode}` : ''})`;
          await this.lapses.transition(lapse.id, lapse.status, 'failed', { reason }, now, m);
          await this.steps.cancelOpen('quarantine-end', name, reason, now, m);
          outcomes.push('lapse failed: delete rejected');
        }
        return outcomes.join('; ');
      }
      case 'contacts-purged': {
        const outcomes: string[] = [];
        for (const handle of c.objectNames) {
          const subjectId = await this.records.subjectOfHandle(handle, m);
          if (!subjectId) {
            outcomes.push('unknown handle');
            continue;
          }
          await this.records.forgetRegistrantContact(subjectId, handle, m);
          await this.ledger.recordDeletionReceipt(
            {
              recipient: REGISTRY_RECIPIENT,
              subjectId,
              channel: 'epp:poll',
              what: 'registrant contact purged by the registry (registry notice)',
              pollMessageId,
            },
            m,
          );
          await this.steps.cancelOpen('contact-delete', handle, 'the registry purged the contact', now, m);
          await this.steps.enqueue('subject-erasure', subjectId, { subjectId, runAt: now }, now, m);
          outcomes.push('contact purge recorded');
        }
        return outcomes.join('; ');
      }
      case 'other':
        return 'not acted on';
    }
  }

  /** The domain's open lapse; for a transfer away without one, a lapse that records it. */
  private async openOrNewLapse(name: string, transfer: boolean, now: Date, m: EntityManager) {
    const open = await this.lapses.findOpen(name, m, true);
    if (open || !transfer) return open;
    const reg = await this.records.currentRegistration(name, m);
    if (!reg || reg.state !== 'active') return undefined;
    const { lapse } = await this.lapses.insertScheduled(
      {
        domainName: name,
        registrationId: reg.id,
        subjectId: reg.subjectId,
        registrantHandle: reg.registrantHandle,
        mode: 'transfer-away',
        requestedDate: null,
        effectiveAt: now,
      },
      now,
      m,
    );
    return lapse;
  }
}
