import { DynamicModule, Module, ModuleMetadata, Provider } from '@nestjs/common';
import { HANDOFF_ENV } from '../config/config.module';
import type { EnvSchema } from '../config/env.schema';
import { ContactsModule } from '../contacts/contacts.module';
import { extractDisclosure } from '../epp/codec/disclosure';
import { RecipientsModule } from '../recipients/recipients.module';
import { DISCLOSURE_EXTRACTOR, DisclosureExtractor } from './disclosure-ledger.port';
import { RegistrationWorker } from './registration-worker';
import { RegistrationWorkflow } from './registration-workflow';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsRepository } from './registrations.repository';
import { RegistrationsService } from './registrations.service';
import { WebhookOutbox } from './webhook-outbox';
import { WORKFLOW_CLOCK, WORKFLOW_OPTIONS, WorkflowClock, WorkflowOptions } from './workflow.options';

export interface OrdersModuleOptions {
  /** Modules that export what the providers below need (e.g. the ledger and the EPP pool). */
  imports?: ModuleMetadata['imports'];
  /** Provider of REGISTRY_PORT (the real one: `EppRegistryAdapter`, registry.adapter.ts). */
  registry: Provider;
  /** Provider of DISCLOSURE_LEDGER, e.g. `{ provide: DISCLOSURE_LEDGER, useExisting: LedgerService }`. */
  ledger: Provider;
  /** Default: the codec's `extractDisclosure` (src/epp/codec/disclosure.ts). */
  extractDisclosure?: DisclosureExtractor;
  clock?: WorkflowClock;
  options?: Partial<WorkflowOptions>;
}

export const WORKFLOW_DEFAULTS = {
  maxAttempts: 8,
  backoffBaseMs: 2_000,
  backoffMaxMs: 5 * 60_000,
  contactBusyWaitMs: 1_000,
} as const;

/**
 * Registrations: the order API (`/v1/registrations`), the durable workflow and its worker. Also
 * brings the recipients register (global: provides RECIPIENTS_REGISTER and the ledger's
 * RECIPIENT_POLICY) and the contacts/privacy-crypto providers.
 */
@Module({})
export class OrdersModule {
  static register(o: OrdersModuleOptions): DynamicModule {
    return {
      module: OrdersModule,
      imports: [RecipientsModule, ContactsModule, ...(o.imports ?? [])],
      controllers: [RegistrationsController],
      providers: [
        o.registry,
        o.ledger,
        { provide: DISCLOSURE_EXTRACTOR, useValue: o.extractDisclosure ?? extractDisclosure },
        { provide: WORKFLOW_CLOCK, useValue: o.clock ?? { now: () => Date.now() } },
        {
          provide: WORKFLOW_OPTIONS,
          inject: [HANDOFF_ENV],
          useFactory: (env: EnvSchema): WorkflowOptions => {
            const adminHandle = o.options?.adminHandle ?? env.REGISTRAR_ADMIN_HANDLE;
            const techHandle = o.options?.techHandle ?? env.REGISTRAR_TECH_HANDLE;
            if (!adminHandle || !techHandle) {
              throw new Error(
                'REGISTRAR_ADMIN_HANDLE and REGISTRAR_TECH_HANDLE are required: every domain uses them',
              );
            }
            return { ...WORKFLOW_DEFAULTS, ...o.options, adminHandle, techHandle };
          },
        },
        RegistrationsRepository,
        RegistrationsService,
        RegistrationWorkflow,
        RegistrationWorker,
        WebhookOutbox,
      ],
      exports: [RegistrationsService, RegistrationsRepository, RegistrationWorker, ContactsModule],
    };
  }
}
