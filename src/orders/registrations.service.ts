import { Inject, Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { CustomerProfilesRepository } from '../contacts/customer-profiles.repository';
import { SubjectsRepository } from '../contacts/subjects.repository';
import type { RegistryProfileName } from '../epp/codec/context';
import { SubjectKeysService } from '../privacy-crypto/subject-keys.service';
import { RequestDigester } from '../privacy-crypto/request-digest';
import { RECIPIENTS_REGISTER } from '../recipients/recipients.module';
import { RecipientsRegister, SIDN_RECIPIENT } from '../recipients/recipients-register';
import { projectRegistrant } from '../recipients/sidn-projection';
import { nlDomain } from './normalise';
import { OrderError, OrderErrorCode } from './order-error';
import { Registration, REGISTRATION_STATUSES, RegistrationStatus, TimelineEvent } from './registration';
import { parseRegistrationRequest, RegistrationRequest } from './registration-request';
import { RegistrationsRepository } from './registrations.repository';
import { REGISTRY_PORT, RegistryPort } from './registry.port';
import { WORKFLOW_CLOCK, WORKFLOW_OPTIONS, WorkflowClock, WorkflowOptions } from './workflow.options';

export interface SubmitResult {
  registration: Registration;
  /** True when this was a replay of an earlier request with the same key and body. */
  replayed: boolean;
}

export interface PreviewRecipient {
  recipient: string;
  name: string;
  role: string;
  purpose: string;
  legalBasis: string;
  registryProfile: RegistryProfileName;
  fields: { field: string; value: string | readonly string[]; carriedAs: string; rule: string }[];
  /** Fields of the order that this recipient does NOT receive. */
  withheld: string[];
}

export interface PreviewResult {
  domain: { name: string; unicode: string };
  recipients: PreviewRecipient[];
  /** What Handoff itself keeps (encrypted) and what it drops on arrival. */
  storage: { kept: string[]; dropped: string[] };
  /** The registrar's own handles used as admin and tech contact. */
  adminHandle: string;
  techHandle: string;
}

const PG_UNIQUE_VIOLATION = '23505';

/** Accepting, reading and previewing registrations (the HTTP side of issue 4). */
@Injectable()
export class RegistrationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registrations: RegistrationsRepository,
    private readonly subjects: SubjectsRepository,
    private readonly profiles: CustomerProfilesRepository,
    private readonly keys: SubjectKeysService,
    private readonly digester: RequestDigester,
    @Inject(RECIPIENTS_REGISTER) private readonly register: RecipientsRegister,
    @Inject(REGISTRY_PORT) private readonly registry: RegistryPort,
    @Inject(WORKFLOW_OPTIONS) private readonly options: WorkflowOptions,
    @Inject(WORKFLOW_CLOCK) private readonly clock: WorkflowClock,
  ) {}

  ownHandles(): { admin: string; tech: string } {
    return { admin: this.options.adminHandle, tech: this.options.techHandle };
  }

  parse(body: unknown): RegistrationRequest {
    const parsed = parseRegistrationRequest(body);
    if (!parsed.ok)
      throw new OrderError(OrderErrorCode.InvalidRequest, 'the order is invalid', parsed.violations);
    return parsed.value;
  }

  /**
   * Accepts an order: validated and normalised first (a 400 stores nothing), then, in one
   * transaction, the subject, its keys, the minimised encrypted profile, the registration, its first
   * timeline event and its first job. The idempotency key is the header or else the orderId; the
   * same key with the same body returns the same registration, with another body is a conflict.
   */
  async submit(clientName: string, idempotencyKey: string | undefined, body: unknown): Promise<SubmitResult> {
    const request = this.parse(body);
    const key = idempotencyKey ?? request.orderId;
    if (!key) {
      throw new OrderError(
        OrderErrorCode.IdempotencyKeyMissing,
        'send an Idempotency-Key header or an orderId',
        [
          {
            field: 'Idempotency-Key',
            rule: 'isDefined',
            message: 'Idempotency-Key header or orderId is required',
          },
        ],
      );
    }
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw new OrderError(OrderErrorCode.InvalidRequest, 'the idempotency key is invalid', [
        {
          field: 'Idempotency-Key',
          rule: 'isIdempotencyKey',
          message: 'must be 1-200 visible ASCII characters',
        },
      ]);
    }
    const digest = this.digester.digest(body);
    const existing = await this.registrations.findByIdempotencyKey(clientName, key);
    if (existing) return this.replay(existing, digest);
    const now = new Date(this.clock.now());
    try {
      const id = await this.dataSource.transaction(async (m) => {
        const subjectId = await this.subjects.ensureForCustomer(request.customerId, now, m);
        await this.keys.ensure(subjectId, now, m);
        await this.profiles.save(subjectId, request.profile, now, m);
        return this.registrations.insert(
          {
            clientName,
            idempotencyKey: key,
            requestDigest: digest,
            ...(request.orderId ? { orderId: request.orderId } : {}),
            subjectId,
            domainName: request.domain.ace,
            domainUnicode: request.domain.unicode,
            nameservers: request.nameservers,
            period: request.period,
          },
          now,
          m,
        );
      });
      return { registration: (await this.registrations.findById(id)) as Registration, replayed: false };
    } catch (error) {
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === PG_UNIQUE_VIOLATION
      ) {
        const constraint = (error.driverError as { constraint?: string }).constraint;
        if (constraint === 'registrations_one_in_flight_per_domain') {
          throw new OrderError(
            OrderErrorCode.DomainOrderInFlight,
            'another order for this domain is in progress',
          );
        }
        const raced = await this.registrations.findByIdempotencyKey(clientName, key);
        if (raced) return this.replay(raced, digest);
      }
      throw error;
    }
  }

  private replay(existing: Registration, digest: string): SubmitResult {
    if (existing.requestDigest !== digest) {
      throw new OrderError(
        OrderErrorCode.IdempotencyKeyReused,
        'this idempotency key was used for a different request',
      );
    }
    return { registration: existing, replayed: true };
  }

  async get(id: string): Promise<{ registration: Registration; timeline: TimelineEvent[] }> {
    if (!/^[0-9a-f-]{36}$/i.test(id))
      throw new OrderError(OrderErrorCode.RegistrationNotFound, 'no such registration');
    const registration = await this.registrations.findById(id);
    if (!registration) throw new OrderError(OrderErrorCode.RegistrationNotFound, 'no such registration');
    return { registration, timeline: await this.registrations.timeline(id) };
  }

  async list(query: {
    customerId?: string;
    status?: string;
    domain?: string;
    cursor?: string;
    limit?: string;
  }) {
    const limit = query.limit === undefined ? 50 : Number(query.limit);
    const violations = [];
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      violations.push({ field: 'limit', rule: 'range', message: 'limit must be an integer 1-200' });
    }
    if (query.status !== undefined && !REGISTRATION_STATUSES.includes(query.status as RegistrationStatus)) {
      violations.push({
        field: 'status',
        rule: 'isIn',
        message: `status must be one of ${REGISTRATION_STATUSES.join(', ')}`,
      });
    }
    let domainName: string | undefined;
    if (query.domain !== undefined) {
      const d = nlDomain(query.domain);
      if (d.ok) domainName = d.value.ace;
      else violations.push({ field: 'domain', rule: d.rule, message: `domain ${d.message}` });
    }
    if (violations.length) throw new OrderError(OrderErrorCode.InvalidRequest, 'invalid query', violations);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const items = await this.registrations.list({
      ...(query.customerId !== undefined ? { customerId: query.customerId } : {}),
      ...(query.status !== undefined ? { status: query.status as RegistrationStatus } : {}),
      ...(domainName !== undefined ? { domainName } : {}),
      ...(after ? { after } : {}),
      limit: limit + 1,
    });
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page, nextCursor: items.length > limit && last ? encodeCursor(last) : null };
  }

  /** Dry run: exactly what each recipient would receive, and the rule that allowed each field. */
  async preview(body: unknown): Promise<PreviewResult> {
    const request = this.parse(body);
    const registryProfile = await this.registry.profile();
    const sidn = this.register.recipients.find((r) => r.id === SIDN_RECIPIENT);
    if (!sidn) throw new Error('the recipients register has no SIDN entry');
    const projection = projectRegistrant(request.profile, sidn, registryProfile);
    const sent = new Set<string>(projection.disclosed.map((d) => d.field));
    const given = [
      ...Object.entries(request.profile)
        .filter(([k, v]) => k !== 'extra' && v !== undefined)
        .map(([k]) => k),
      ...Object.keys(request.profile.extra),
    ];
    const kept = this.profiles.minimise(request.profile);
    const keptNames = [...Object.keys(kept).filter((k) => k !== 'extra'), ...Object.keys(kept.extra)];
    return {
      domain: { name: request.domain.ace, unicode: request.domain.unicode },
      recipients: [
        {
          recipient: sidn.id,
          name: sidn.name,
          role: sidn.role,
          purpose: sidn.purpose,
          legalBasis: sidn.legalBasis,
          registryProfile,
          fields: projection.disclosed.map((d) => ({ ...d })),
          withheld: given.filter((f) => !sent.has(f)),
        },
      ],
      storage: { kept: keptNames, dropped: given.filter((f) => !keptNames.includes(f)) },
      adminHandle: this.options.adminHandle,
      techHandle: this.options.techHandle,
    };
  }
}

export function encodeCursor(r: Registration): string {
  return Buffer.from(`${r.createdAt.toISOString()}|${r.id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(createdAt.getTime())) {
    throw new OrderError(OrderErrorCode.InvalidCursor, 'invalid cursor', [
      { field: 'cursor', rule: 'isCursor', message: 'cursor must be a value returned as nextCursor' },
    ]);
  }
  return { createdAt, id };
}
