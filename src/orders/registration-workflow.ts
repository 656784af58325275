import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CustomerProfilesRepository } from '../contacts/customer-profiles.repository';
import {
  RegistrantContactRow,
  RegistrantContactsRepository,
} from '../contacts/registrant-contacts.repository';
import { EppError, EppErrorCode, redactEchoedValues } from '../epp/codec/errors';
import { SubjectKeysService } from '../privacy-crypto/subject-keys.service';
import { RECIPIENTS_REGISTER } from '../recipients/recipients.module';
import { RecipientEntry, RecipientsRegister, SIDN_RECIPIENT } from '../recipients/recipients-register';
import {
  projectRegistrant,
  RegistrantContact,
  RegistrantProjection,
  registrantUpdate,
} from '../recipients/sidn-projection';
import {
  DISCLOSURE_EXTRACTOR,
  DISCLOSURE_LEDGER,
  DisclosureChannel,
  DisclosureExtractor,
  DisclosureLedger,
} from './disclosure-ledger.port';
import { OrderErrorCode } from './order-error';
import { Registration, RegistrationStatus, TERMINAL_STATUSES, WorkflowStep } from './registration';
import type { RegistrationChange } from './registrations.repository';
import { RegistrationsRepository } from './registrations.repository';
import {
  BeforeSend,
  REGISTRY_PORT,
  RegistryOutcomeUnknownError,
  RegistryPort,
  RegistryUnavailableError,
} from './registry.port';
import { WORKFLOW_CLOCK, WORKFLOW_OPTIONS, WorkflowClock, WorkflowOptions } from './workflow.options';

export interface StepEvent {
  step: string;
  status: string;
  detail?: string;
  resultCode?: number;
  svTRID?: string;
}

/** What a step decided; the worker applies it in the job's transaction. */
export type StepResult =
  | { kind: 'next'; step: WorkflowStep; change: RegistrationChange; events: StepEvent[] }
  | { kind: 'end'; change: RegistrationChange & { status: RegistrationStatus }; events: StepEvent[] }
  /** Transient: try again after back-off; counts as an attempt. `maybeApplied`: the registry may hold the result. */
  | { kind: 'retry'; reason: string; maybeApplied: boolean; events: StepEvent[] }
  /** Another order of the same customer holds the contact: look again soon; not an attempt. */
  | { kind: 'wait'; reason: string };

/**
 * The registration workflow's steps: ensure the registrant contact (reuse, create or update), then
 * domain:create, then registered. Every decision is made from what is committed (the registration,
 * the registrant_contacts row) and, after any ambiguous outcome, from what the registry holds
 * (contact:info / domain:info) — never by re-sending a create blindly. Each contact-carrying frame
 * has its ledger intent committed before it leaves (via the port's beforeSend) and its outcome after.
 */
@Injectable()
export class RegistrationWorkflow {
  private readonly sidn: RecipientEntry;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registrations: RegistrationsRepository,
    private readonly profiles: CustomerProfilesRepository,
    private readonly contacts: RegistrantContactsRepository,
    private readonly keys: SubjectKeysService,
    @Inject(RECIPIENTS_REGISTER) register: RecipientsRegister,
    @Inject(REGISTRY_PORT) private readonly registry: RegistryPort,
    @Inject(DISCLOSURE_LEDGER) private readonly ledger: DisclosureLedger,
    @Inject(DISCLOSURE_EXTRACTOR) private readonly extract: DisclosureExtractor,
    @Inject(WORKFLOW_OPTIONS) private readonly options: WorkflowOptions,
    @Inject(WORKFLOW_CLOCK) private readonly clock: WorkflowClock,
  ) {
    const sidn = register.recipients.find((r) => r.id === SIDN_RECIPIENT);
    if (!sidn) throw new Error('the recipients register has no SIDN entry');
    this.sidn = sidn;
  }

  async run(registrationId: string, step: WorkflowStep): Promise<StepResult> {
    const reg = await this.registrations.findById(registrationId);
    if (!reg) throw new Error('registration vanished');
    if (TERMINAL_STATUSES.includes(reg.status))
      return { kind: 'end', change: { status: reg.status }, events: [] };
    try {
      return step === 'ensure-contact' ? await this.ensureContact(reg) : await this.createDomain(reg);
    } catch (error) {
      // Nothing left the process, or the port could not reach the registry: safe to try again.
      if (error instanceof RegistryUnavailableError) {
        return { kind: 'retry', reason: 'registry unavailable', maybeApplied: false, events: [] };
      }
      throw error;
    }
  }

  private now(): Date {
    return new Date(this.clock.now());
  }

  // ---- step 1: the registrant contact ------------------------------------------------------------

  private async ensureContact(reg: Registration, depth = 0): Promise<StepResult> {
    if (depth === 0 && !reg.domainCreateSent) {
      // Minimisation: a name that cannot be registered must not cost the customer a registrant
      // contact at the registry (their data would sit there with no domain to justify it).
      const check = await this.registry.checkDomain(reg.domainName);
      if (!check.available) {
        return this.fail(
          OrderErrorCode.DomainTaken,
          `domain:check: not available${check.reason ? ` (${redactEchoedValues(check.reason)})` : ''}`,
        );
      }
    }
    const profile = await this.profiles.load(reg.subjectId);
    if (!profile)
      return this.fail(OrderErrorCode.CustomerDataUnavailable, 'the customer profile is not available');
    const projection = projectRegistrant(profile, this.sidn, await this.registry.profile());

    let rc = await this.contacts.find(reg.subjectId);
    if (!rc) {
      await this.contacts.startCreate(reg.subjectId, reg.id, this.now());
      rc = await this.contacts.find(reg.subjectId);
      if (!rc) throw new Error('registrant contact row missing after insert');
    }
    if (rc.state === 'deleting') {
      // The lifecycle is deleting this handle at the registry; once it is gone the next attempt
      // creates a fresh contact.
      return { kind: 'wait', reason: 'the registrant contact is being deleted at the registry' };
    }
    if (rc.state !== 'active' && rc.ownerRegistrationId !== reg.id) {
      const owner = rc.ownerRegistrationId
        ? await this.registrations.findById(rc.ownerRegistrationId)
        : undefined;
      if (owner && !TERMINAL_STATUSES.includes(owner.status)) {
        return {
          kind: 'wait',
          reason: 'the registrant contact is being written for another order of this customer',
        };
      }
      if (!(await this.contacts.takeOver(reg.subjectId, rc.ownerRegistrationId, reg.id, this.now()))) {
        return { kind: 'wait', reason: 'the registrant contact changed hands' };
      }
      rc = { ...rc, ownerRegistrationId: reg.id };
    }
    if (rc.state === 'creating') return this.createContact(reg, rc, projection, depth);
    if (rc.state === 'updating') return this.updateContact(reg, rc.handle, projection);

    const copy = await this.contacts.registryCopy(reg.subjectId);
    if (!copy) throw new Error('active registrant contact without its registry copy');
    if (!registrantUpdate(rc.handle, copy, projection.contact)) {
      return this.contactReady(rc.handle, {
        step: 'ensure-contact',
        status: 'reused',
        detail: `contact ${rc.handle} reused`,
      });
    }
    if (!(await this.contacts.startUpdate(reg.subjectId, reg.id, projection.contact, this.now()))) {
      return {
        kind: 'wait',
        reason: 'the registrant contact is being written for another order of this customer',
      };
    }
    return this.updateContact(reg, rc.handle, projection);
  }

  private async createContact(
    reg: Registration,
    rc: RegistrantContactRow,
    projection: RegistrantProjection,
    depth: number,
  ): Promise<StepResult> {
    const events: StepEvent[] = [];
    if (rc.createSent) {
      // An earlier contact:create may have been executed: look before creating again.
      const info = await this.registry.infoContact(rc.handle);
      if (info?.ours) {
        const sent = (await this.contacts.pendingCopy(reg.subjectId)) ?? projection.contact;
        await this.dataSource.transaction((m) =>
          this.contacts.activate(reg.subjectId, rc.handle, sent, this.now(), m),
        );
        if (depth > 0) throw new Error('contact reconciliation did not settle');
        const next = await this.ensureContact(reg, depth + 1);
        return prependEvents(next, [
          {
            step: 'ensure-contact',
            status: 'reconciled',
            detail: `contact:info shows ${rc.handle} at the registry`,
          },
        ]);
      }
      if (info)
        return this.fail(OrderErrorCode.ContactRejected, 'the contact handle is held by another registrar');
      events.push({
        step: 'ensure-contact',
        status: 'reconciled',
        detail: `contact:info: ${rc.handle} not at the registry`,
      });
    }

    const cmd = { ...projection.contact, id: rc.handle, authInfo: randomAuthInfo() };
    const disclosure = this.disclosure(reg, 'epp:contact:create', (entryId, m) =>
      this.contacts.markCreateSent(reg.subjectId, projection.contact, entryId, this.now(), m),
    );
    try {
      const answer = await this.registry.createContact(cmd, disclosure.beforeSend);
      await this.dataSource.transaction(async (m) => {
        await disclosure.outcome(
          { outcome: 'success', resultCode: answer.resultCode, svTRID: answer.svTRID },
          m,
        );
        await this.contacts.activate(reg.subjectId, answer.id, projection.contact, this.now(), m);
      });
      return this.contactReady(
        answer.id,
        {
          step: 'ensure-contact',
          status: 'created',
          detail: `contact ${answer.id} created`,
          resultCode: answer.resultCode,
          svTRID: answer.svTRID,
        },
        answer.svTRID,
        events,
      );
    } catch (error) {
      return this.afterContactFailure(error, disclosure, events, async (e) => {
        if (e.code === EppErrorCode.ObjectExists) {
          // Our random handle exists: an earlier create went through. Reconcile on the next attempt.
          return { kind: 'retry', reason: 'contact exists: reconcile', maybeApplied: true, events: [] };
        }
        await this.dataSource.transaction((m) => this.contacts.abandonCreate(reg.subjectId, m));
        return this.fail(OrderErrorCode.ContactRejected, e.reason, e.resultCode, 'contact:create refused');
      });
    }
  }

  private async updateContact(
    reg: Registration,
    handle: string,
    projection: RegistrantProjection,
  ): Promise<StepResult> {
    const copy = await this.contacts.registryCopy(reg.subjectId);
    if (!copy) throw new Error('registrant contact without its registry copy');
    const cmd = registrantUpdate(handle, copy, projection.contact);
    if (!cmd) {
      await this.dataSource.transaction((m) =>
        this.contacts.activate(reg.subjectId, handle, copy, this.now(), m),
      );
      return this.contactReady(handle, {
        step: 'ensure-contact',
        status: 'reused',
        detail: `contact ${handle} reused`,
      });
    }
    const disclosure = this.disclosure(reg, 'epp:contact:update');
    try {
      // contact:update sets values; sending it again after an unknown outcome sets the same values.
      const answer = await this.registry.updateContact(cmd, disclosure.beforeSend);
      await this.dataSource.transaction(async (m) => {
        await disclosure.outcome(
          { outcome: 'success', resultCode: answer.resultCode, svTRID: answer.svTRID },
          m,
        );
        await this.contacts.activate(reg.subjectId, handle, projection.contact, this.now(), m);
      });
      return this.contactReady(
        handle,
        {
          step: 'ensure-contact',
          status: 'updated',
          detail: `contact ${handle} updated`,
          resultCode: answer.resultCode,
          svTRID: answer.svTRID,
        },
        answer.svTRID,
      );
    } catch (error) {
      return this.afterContactFailure(error, disclosure, [], async (e) => {
        await this.dataSource.transaction((m) => this.contacts.abortUpdate(reg.subjectId, this.now(), m));
        return this.fail(OrderErrorCode.ContactRejected, e.reason, e.resultCode, 'contact:update refused');
      });
    }
  }

  /** Records the outcome of a failed contact command and decides retry or end. */
  private async afterContactFailure(
    error: unknown,
    disclosure: Disclosure,
    events: StepEvent[],
    onPermanent: (e: EppError) => Promise<StepResult>,
  ): Promise<StepResult> {
    if (error instanceof EppError) {
      await this.dataSource.transaction((m) =>
        disclosure.outcome(
          { outcome: 'failed', resultCode: error.resultCode, svTRID: error.svTRID, reason: error.code },
          m,
        ),
      );
      const event = {
        step: 'ensure-contact',
        status: 'registry-error',
        detail: error.code,
        resultCode: error.resultCode,
        svTRID: error.svTRID,
      };
      if (!error.permanent)
        return { kind: 'retry', reason: error.code, maybeApplied: false, events: [...events, event] };
      return prependEvents(await onPermanent(error), [...events, event]);
    }
    if (error instanceof RegistryOutcomeUnknownError) {
      await this.dataSource.transaction((m) =>
        disclosure.outcome({ outcome: 'unknown', reason: error.reason }, m),
      );
      return {
        kind: 'retry',
        reason: 'outcome unknown',
        maybeApplied: true,
        events: [
          ...events,
          {
            step: 'ensure-contact',
            status: 'outcome-unknown',
            detail: 'no answer; will look before retrying',
          },
        ],
      };
    }
    if (error instanceof RegistryUnavailableError) {
      await this.dataSource.transaction((m) =>
        disclosure.outcome({ outcome: 'failed', reason: 'not sent' }, m),
      );
      return { kind: 'retry', reason: 'registry unavailable', maybeApplied: false, events };
    }
    throw error;
  }

  private contactReady(
    handle: string,
    event: StepEvent,
    svTRID?: string,
    before: StepEvent[] = [],
  ): StepResult {
    return {
      kind: 'next',
      step: 'create-domain',
      change: {
        status: 'contact-ready',
        registrantHandle: handle,
        ...(svTRID ? { contactSvTRID: svTRID } : {}),
      },
      events: [...before, event],
    };
  }

  /**
   * The ledger around one contact-carrying command: `beforeSend` commits the intent, derived from
   * the exact frame about to be sent, together with the caller's own marker; `outcome` records how
   * it ended (nothing when no intent was written, i.e. nothing was sent).
   */
  private disclosure(
    reg: Registration,
    channel: DisclosureChannel,
    alsoInTransaction?: (intentEntryId: string, m: import('typeorm').EntityManager) => Promise<void>,
  ): Disclosure {
    let intentEntryId: string | undefined;
    const beforeSend: BeforeSend = async (frame) => {
      // Derived from the exact frame about to leave; a contact frame we cannot read is not sent.
      const disclosed = this.extract(frame.xml);
      if (!disclosed || disclosed.fields.length === 0)
        throw new Error(`${channel}: the frame discloses nothing readable`);
      const subjectKey = await this.keys.commitmentKey(reg.subjectId);
      await this.dataSource.transaction(async (m) => {
        const { entryId } = await this.ledger.recordIntent(
          {
            recipient: this.sidn.id,
            subjectId: reg.subjectId,
            subjectKey,
            channel,
            fields: disclosed.fields.map((f) => ({ field: f.field, value: f.value })),
            purpose: this.sidn.purpose,
            legalBasis: this.sidn.legalBasis,
            domain: reg.domainName,
            registrationId: reg.id,
            clTRID: frame.clTRID,
          },
          m,
        );
        if (alsoInTransaction) await alsoInTransaction(entryId, m);
        intentEntryId = entryId;
      });
    };
    return {
      beforeSend,
      outcome: async (o, m) => {
        if (intentEntryId === undefined) return;
        await this.ledger.recordOutcome({ intentEntryId, ...o }, m);
      },
    };
  }

  // ---- step 2: domain:create ---------------------------------------------------------------------

  private async createDomain(reg: Registration): Promise<StepResult> {
    const handle = reg.registrantHandle;
    if (!handle) throw new Error('create-domain without a registrant handle');
    const events: StepEvent[] = [];
    if (reg.domainCreateSent) {
      // An earlier domain:create may have been executed: look first (is it ours, with our registrant?).
      const info = await this.registry.infoDomain(reg.domainName);
      if (info) {
        if (info.ours && info.registrant === handle) {
          return {
            kind: 'end',
            change: { status: 'registered' },
            events: [
              {
                step: 'create-domain',
                status: 'reconciled',
                detail: 'domain:info shows the domain ours with our registrant',
              },
            ],
          };
        }
        return this.fail(
          info.ours ? OrderErrorCode.DomainHeldByOther : OrderErrorCode.DomainTaken,
          info.ours
            ? 'the domain is ours but registered to another registrant'
            : 'the domain is registered by another registrar',
        );
      }
      events.push({ step: 'create-domain', status: 'reconciled', detail: 'domain:info: not registered' });
    }
    if (reg.nameservers.length) {
      try {
        await this.registry.ensureHosts(reg.nameservers);
      } catch (error) {
        if (error instanceof EppError && error.permanent) {
          return prependEvents(
            this.fail(OrderErrorCode.RegistryRejected, error.reason, error.resultCode, 'host:create refused'),
            events,
          );
        }
        if (error instanceof EppError || error instanceof RegistryOutcomeUnknownError) {
          // Nothing about the domain was sent; hosts are checked again on the next attempt.
          return { kind: 'retry', reason: 'name server hosts not confirmed', maybeApplied: false, events };
        }
        throw error;
      }
    }
    await this.registrations.markDomainCreateSent(reg.id, this.now());
    try {
      const answer = await this.registry.createDomain({
        name: reg.domainName,
        period: reg.period,
        ...(reg.nameservers.length ? { nameservers: reg.nameservers } : {}),
        registrant: handle,
        contacts: [
          { type: 'admin', id: this.options.adminHandle },
          { type: 'tech', id: this.options.techHandle },
        ],
        authInfo: randomAuthInfo(),
      });
      return {
        kind: 'end',
        change: { status: 'registered', ...(answer.svTRID ? { domainSvTRID: answer.svTRID } : {}) },
        events: [
          ...events,
          {
            step: 'create-domain',
            status: 'registered',
            resultCode: answer.resultCode,
            svTRID: answer.svTRID,
          },
        ],
      };
    } catch (error) {
      if (error instanceof EppError) {
        const event = {
          step: 'create-domain',
          status: 'registry-error',
          detail: error.code,
          resultCode: error.resultCode,
          svTRID: error.svTRID,
        };
        if (!error.permanent)
          return { kind: 'retry', reason: error.code, maybeApplied: false, events: [...events, event] };
        if (error.code === EppErrorCode.ObjectExists && reg.domainCreateSent) {
          // An earlier create of ours, still in flight when we looked, may have landed since: look again.
          const info = await this.registry.infoDomain(reg.domainName);
          if (info?.ours && info.registrant === handle) {
            return {
              kind: 'end',
              change: { status: 'registered' },
              events: [
                ...events,
                event,
                {
                  step: 'create-domain',
                  status: 'reconciled',
                  detail: 'domain:info shows our earlier create landed',
                },
              ],
            };
          }
        }
        const code =
          error.code === EppErrorCode.ObjectExists
            ? OrderErrorCode.DomainTaken
            : OrderErrorCode.RegistryRejected;
        return prependEvents(this.fail(code, error.reason, error.resultCode, 'domain:create refused'), [
          ...events,
          event,
        ]);
      }
      if (error instanceof RegistryOutcomeUnknownError) {
        return {
          kind: 'retry',
          reason: 'outcome unknown',
          maybeApplied: true,
          events: [
            ...events,
            {
              step: 'create-domain',
              status: 'outcome-unknown',
              detail: 'no answer; will look before retrying',
            },
          ],
        };
      }
      throw error;
    }
  }

  private fail(code: OrderErrorCode, reason: string, resultCode?: number, detail?: string): StepResult {
    return {
      kind: 'end',
      change: {
        status: 'failed',
        error: { code, reason, ...(resultCode !== undefined ? { resultCode } : {}) },
      },
      events: [{ step: 'end', status: 'failed', detail: detail ? `${detail}: ${code}` : code, resultCode }],
    };
  }
}

interface Disclosure {
  beforeSend: BeforeSend;
  outcome(
    o: { outcome: 'success' | 'failed' | 'unknown'; resultCode?: number; svTRID?: string; reason?: string },
    m: import('typeorm').EntityManager,
  ): Promise<void>;
}

function prependEvents(result: StepResult, events: StepEvent[]): StepResult {
  if (result.kind === 'wait' || events.length === 0) return result;
  return { ...result, events: [...events, ...result.events] };
}

/** authInfo is required by the XSD and ignored by SIDN on create; random, never derived from data. */
function randomAuthInfo(): string {
  return 'A' + randomBytes(12).toString('base64url') + '1!';
}

export type { RegistrantContact };
