import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EppError } from '../epp/codec/errors';
import { nlDomain } from '../orders/normalise';
import { DeletionStep, DeletionStepsRepository } from './jobs/deletion-steps.repository';
import { LapseRequest, lapseMoment } from './lapse-moment';
import { Lapse, LapsesRepository } from './lapses.repository';
import { LIFECYCLE_CLOCK, LifecycleClock } from './lifecycle-clock';
import {
  inQuarantine,
  LIFECYCLE_REGISTRY,
  LifecycleRegistryPort,
  RegistryConfirmation,
} from './lifecycle-registry.port';
import { LifecycleError, LifecycleErrorCode } from './lifecycle.error';
import { RegistryEndings } from './registry-endings';
import { SubjectRecordsRepository } from './subject-records.repository';

export interface LapseView {
  lapse: Lapse;
  created: boolean;
}

/**
 * Lapse requests from the order system: schedule (idempotent), cancel (the customer renewed in time:
 * before the moment it unschedules, within quarantine it restores the domain), and status.
 */
@Injectable()
export class LapseService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lapses: LapsesRepository,
    private readonly steps: DeletionStepsRepository,
    private readonly records: SubjectRecordsRepository,
    private readonly endings: RegistryEndings,
    @Inject(LIFECYCLE_REGISTRY) private readonly registry: LifecycleRegistryPort,
    @Inject(LIFECYCLE_CLOCK) private readonly clock: LifecycleClock,
  ) {}

  normaliseDomain(name: string): string {
    const d = nlDomain(name);
    if (!d.ok)
      throw new LifecycleError(LifecycleErrorCode.InvalidRequest, `domain ${d.message}`, { rule: d.rule });
    return d.value.ace;
  }

  async schedule(
    domainName: string,
    req: LapseRequest,
    origin: 'order' | 'sweep' = 'order',
  ): Promise<LapseView> {
    const name = this.normaliseDomain(domainName);
    const now = this.clock.now();
    const reg = await this.records.currentRegistration(name);
    if (!reg)
      throw new LifecycleError(
        LifecycleErrorCode.DomainNotFound,
        'no registration of ours holds this domain',
      );
    if (reg.status !== 'registered' && reg.status !== 'needs-attention') {
      throw new LifecycleError(
        LifecycleErrorCode.RegistrationInFlight,
        `the registration is ${reg.status}: lapse it once it is registered`,
      );
    }
    const open = await this.lapses.findOpen(name);
    if (open && open.status !== 'scheduled') {
      if (open.mode === req.mode && (open.requestedDate ?? undefined) === req.date)
        return { lapse: open, created: false };
      throw new LifecycleError(
        LifecycleErrorCode.LapseInProgress,
        `the domain is already ${open.status === 'deleting' ? 'being deleted' : 'in quarantine'}`,
        {
          lapseStatus: open.status,
        },
      );
    }
    let paidUntil: Date | null = null;
    if (req.mode === 'end-of-period') {
      try {
        const info = await this.registry.infoDomain(name);
        if (!info.exists || !info.ours)
          throw new LifecycleError(
            LifecycleErrorCode.DomainNotFound,
            'the registry does not hold this domain for us',
          );
        paidUntil = info.exDate ?? null;
      } catch (e) {
        if (e instanceof LifecycleError) throw e;
        throw new LifecycleError(
          LifecycleErrorCode.RegistryOutcomeUnknown,
          'the registry did not tell the end of the paid period; retry',
        );
      }
    }
    const moment = lapseMoment(req, { now, paidUntil });
    if (!moment.ok)
      throw new LifecycleError(LifecycleErrorCode.InvalidRequest, moment.message, { rule: moment.rule });

    if (open) {
      // Scheduled already: the same request is a replay; a different moment reschedules it.
      if (
        open.effectiveAt.getTime() === moment.at.getTime() ||
        (open.mode === req.mode && (open.requestedDate ?? undefined) === req.date && req.mode !== 'now')
      ) {
        return { lapse: open, created: false };
      }
      return this.dataSource.transaction(async (m) => {
        const moved = await this.lapses.transition(
          open.id,
          'scheduled',
          'scheduled',
          { effectiveAt: moment.at, mode: req.mode, requestedDate: req.date ?? null },
          now,
          m,
        );
        if (!moved)
          throw new LifecycleError(LifecycleErrorCode.LapseConflict, 'the lapse changed meanwhile; retry');
        await this.steps.reschedule('domain-delete', name, moment.at, now, m);
        return { lapse: moved, created: false };
      });
    }
    return this.dataSource.transaction(async (m) => {
      const result = await this.lapses.insertScheduled(
        {
          domainName: name,
          registrationId: reg.id,
          subjectId: reg.subjectId,
          registrantHandle: reg.registrantHandle,
          mode: origin === 'sweep' ? 'sweep' : req.mode,
          requestedDate: req.date ?? null,
          effectiveAt: moment.at,
        },
        now,
        m,
      );
      if (result.created) {
        await this.steps.enqueue(
          'domain-delete',
          name,
          { lapseId: result.lapse.id, subjectId: reg.subjectId, runAt: moment.at },
          now,
          m,
        );
      }
      return result;
    });
  }

  /** DELETE .../lapse: unschedule before the moment; restore within quarantine. */
  async cancel(domainName: string): Promise<Lapse> {
    const name = this.normaliseDomain(domainName);
    const now = this.clock.now();
    const open = await this.lapses.findOpen(name);
    if (!open) throw new LifecycleError(LifecycleErrorCode.NoOpenLapse, 'the domain has no lapse to cancel');
    if (open.status === 'scheduled') {
      return this.dataSource.transaction(async (m) => {
        const moved = await this.lapses.transition(
          open.id,
          'scheduled',
          'cancelled',
          { reason: 'cancelled by the order system' },
          now,
          m,
        );
        if (!moved)
          throw new LifecycleError(LifecycleErrorCode.LapseConflict, 'the lapse changed meanwhile; retry');
        await this.steps.cancelOpen('domain-delete', name, 'lapse cancelled', now, m);
        return moved;
      });
    }
    if (open.status === 'deleting') {
      throw new LifecycleError(
        LifecycleErrorCode.LapseInProgress,
        'the delete is being sent right now; retry in a moment',
        { lapseStatus: open.status },
      );
    }
    return this.restore(open, now);
  }

  private async restore(lapse: Lapse, now: Date): Promise<Lapse> {
    if (!lapse.subjectId)
      throw new LifecycleError(LifecycleErrorCode.RestoreRefused, 'the lapse has no data subject');
    let confirmation: RegistryConfirmation;
    let intentEntryId: string | null = null;
    try {
      const sent = await this.endings.send(
        {
          channel: 'epp:domain:restore',
          subjectId: lapse.subjectId,
          domain: lapse.domainName,
          registrationId: lapse.registrationId ?? undefined,
        },
        (beforeSend) => this.registry.restoreDomain(lapse.domainName, beforeSend),
      );
      confirmation = sent.confirmation;
      intentEntryId = sent.intentEntryId;
    } catch (e) {
      // A repeated restore after a lost answer is refused by the registry: its state tells what happened.
      let info;
      try {
        info = await this.registry.infoDomain(lapse.domainName);
      } catch {
        throw new LifecycleError(
          LifecycleErrorCode.RegistryOutcomeUnknown,
          'the registry did not answer; the restore may or may not have happened: retry',
        );
      }
      if (info.exists && info.ours && !inQuarantine(info)) {
        confirmation = { resultCode: 1000, clTRID: '', svTRID: info.svTRID };
      } else if (e instanceof EppError) {
        throw new LifecycleError(
          LifecycleErrorCode.RestoreRefused,
          `the registry refused the restore: ${e.resultCode} ${e.reason}`,
          {
            resultCode: e.resultCode,
          },
        );
      } else {
        throw new LifecycleError(
          LifecycleErrorCode.RegistryOutcomeUnknown,
          'the registry did not answer; retry',
        );
      }
    }
    return this.dataSource.transaction(async (m) => {
      const moved = await this.lapses.transition(
        lapse.id,
        'quarantine',
        'restored',
        {
          restoreSvTRID: confirmation.svTRID ?? null,
          reason: 'restored within quarantine: the customer renewed',
        },
        now,
        m,
      );
      if (!moved)
        throw new LifecycleError(
          LifecycleErrorCode.LapseConflict,
          'the lapse changed meanwhile (quarantine ended?)',
        );
      if (intentEntryId) await this.endings.recordSuccess(intentEntryId, confirmation, m);
      await this.steps.cancelOpen('quarantine-end', lapse.domainName, 'domain restored', now, m);
      return moved;
    });
  }

  async status(
    domainName: string,
  ): Promise<{ domain: string; lapses: (Lapse & { steps: DeletionStep[] })[] }> {
    const name = this.normaliseDomain(domainName);
    const history = await this.lapses.historyOf(name);
    if (history.length === 0 && !(await this.records.currentRegistration(name))) {
      throw new LifecycleError(
        LifecycleErrorCode.DomainNotFound,
        'no registration or lapse of ours for this domain',
      );
    }
    const out = [];
    for (const l of history) out.push({ ...l, steps: await this.steps.forLapse(l.id) });
    return { domain: name, lapses: out };
  }
}
