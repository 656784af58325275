import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LinkingDomain, SubjectFacts } from './eligibility';
import { DeletionStepsRepository } from './jobs/deletion-steps.repository';
import { nextLapseStatus } from './lapse-state';
import { Lapse, LapsesRepository } from './lapses.repository';
import { LIFECYCLE_LEDGER, LifecycleLedgerPort } from './lifecycle-ledger.port';
import { REGISTRY_RECIPIENT } from './registry-endings';
import { SubjectPrivacyRepository } from './subject-privacy.repository';
import { SubjectRecordsRepository } from './subject-records.repository';

/** How we know the domain is gone: the registry's answer to a command, or its poll message. */
export interface GoneEvidence {
  channel: 'epp:domain:info' | 'epp:domain:delete' | 'epp:poll';
  text: string;
  resultCode?: number;
  svTRID?: string;
  clTRID?: string;
  pollMessageId?: string;
}

/**
 * The links of the deletion chain that more than one trigger reaches (the quarantine-end job, the
 * poll consumer, a transfer away), each in the caller's transaction so the state change, the ledger
 * receipt and the next queued step commit together or not at all.
 */
@Injectable()
export class DeletionChain {
  constructor(
    private readonly lapses: LapsesRepository,
    private readonly steps: DeletionStepsRepository,
    private readonly records: SubjectRecordsRepository,
    private readonly privacy: SubjectPrivacyRepository,
    @Inject(LIFECYCLE_LEDGER) private readonly ledger: LifecycleLedgerPort,
  ) {}

  /**
   * The domain is no longer ours at the registry (purged after quarantine, or transferred away):
   * record it with its evidence, stop the steps that waited for it, and queue the registrant
   * contact's deletion (which re-checks whether another domain of ours still links it).
   */
  async domainGone(
    lapse: Lapse,
    event: 'purge-confirmed' | 'transferred-away',
    evidence: GoneEvidence,
    now: Date,
    m: EntityManager,
  ): Promise<{ receiptEntryId?: string } | undefined> {
    const to = nextLapseStatus(lapse.status, event);
    if (!to) return undefined;
    const moved = await this.lapses.transition(
      lapse.id,
      lapse.status,
      to,
      { goneAt: now, goneEvidence: evidence.text },
      now,
      m,
    );
    if (!moved) return undefined;
    await this.steps.cancelOpen('domain-delete', lapse.domainName, `domain ${to}`, now, m);
    await this.steps.cancelOpen('quarantine-end', lapse.domainName, `domain ${to}`, now, m);
    let receiptEntryId: string | undefined;
    if (lapse.subjectId) {
      const receipt = await this.ledger.recordDeletionReceipt(
        {
          recipient: REGISTRY_RECIPIENT,
          subjectId: lapse.subjectId,
          channel: evidence.channel,
          what:
            event === 'purge-confirmed'
              ? 'domain purged at the registry after quarantine (registrant no longer linked by it)'
              : 'domain transferred to another registrar (no longer ours; our registrant contact no longer linked by it)',
          domain: lapse.domainName,
          registrationId: lapse.registrationId ?? undefined,
          clTRID: evidence.clTRID,
          svTRID: evidence.svTRID,
          resultCode: evidence.resultCode,
          pollMessageId: evidence.pollMessageId,
        },
        m,
      );
      receiptEntryId = receipt.entryId;
      await this.queueContactOrErasure(lapse.subjectId, now, m);
    }
    return { receiptEntryId };
  }

  /** Next link for a subject: delete its registry contact if it has one, else see whether its data may go. */
  async queueContactOrErasure(subjectId: string, now: Date, m: EntityManager): Promise<void> {
    const contact = await this.records.registrantContact(subjectId, m);
    if (contact)
      await this.steps.enqueue('contact-delete', contact.handle, { subjectId, runAt: now }, now, m);
    else await this.steps.enqueue('subject-erasure', subjectId, { subjectId, runAt: now }, now, m);
  }

  /** Every domain of the subject with where it stands (registration state + its newest lapse). */
  async linkingDomains(subjectId: string, m?: EntityManager): Promise<LinkingDomain[]> {
    const regs = await this.records.registrationsOfSubject(subjectId, m);
    const latest = await this.lapses.latestForRegistrations(
      regs.map((r) => r.id),
      m,
    );
    return regs.map((r) => ({ registration: r.state, lapse: latest.get(r.id)?.status ?? null }));
  }

  /** What the erasure predicate needs, re-loaded (inside the erasure transaction when `m` is given). */
  async subjectFacts(subjectId: string, m?: EntityManager): Promise<SubjectFacts> {
    const [domains, contact, lastGone, privacy, holds] = [
      await this.linkingDomains(subjectId, m),
      await this.records.registrantContact(subjectId, m),
      await this.lapses.lastGoneAt(subjectId, m),
      await this.privacy.find(subjectId, m),
      await this.records.activeLegalHolds(subjectId, m),
    ];
    return {
      domains,
      registryContacts: contact ? [{ deletedAtRegistry: false }] : [],
      lastDomainGoneAt: lastGone,
      erasureRequested: !!privacy?.erasureRequestedAt,
      alreadyErased: !!privacy?.erasedAt,
      holds,
    };
  }
}
