import {
  DynamicModule,
  Inject,
  Injectable,
  Module,
  ModuleMetadata,
  OnApplicationShutdown,
  Provider,
} from '@nestjs/common';
import { HANDOFF_ENV } from '../config/config.module';
import type { EnvSchema } from '../config/env.schema';
import { ContactsModule } from '../contacts/contacts.module';
import { extractDisclosure } from '../epp/codec/disclosure';
import { RecipientsModule } from '../recipients/recipients.module';
import { LedgerModule } from '../ledger/ledger.module';
import { LedgerService } from '../ledger/ledger.service';
import { DISCLOSURE_EXTRACTOR, DISCLOSURE_LEDGER, DisclosureExtractor } from './disclosure-ledger.port';
import { GatedEppExecutor } from './epp/epp-executor';
import { EppTarget, gatedEppExecutorFromEnv } from './epp/epp-executor.factory';
import { EppRegistryAdapter } from './epp/epp-registry.adapter';
import { REGISTRY_PORT } from './registry.port';
import { RegistrationWorker } from './registration-worker';
import { RegistrationWorkflow } from './registration-workflow';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsRepository } from './registrations.repository';
import { RegistrationsService } from './registrations.service';
import { WebhookOutbox } from './webhook-outbox';
import { WORKFLOW_CLOCK, WORKFLOW_OPTIONS, WorkflowClock, WorkflowOptions } from './workflow.options';

/** The app's pooled, gated EPP executor (one pool per process; other modules may reuse it). */
export const EPP_EXECUTOR = Symbol('EPP_EXECUTOR');

/** Closes the EPP pool when the app shuts down. */
@Injectable()
class EppExecutorShutdown implements OnApplicationShutdown {
  constructor(@Inject(EPP_EXECUTOR) private readonly executor: GatedEppExecutor) {}
  async onApplicationShutdown(): Promise<void> {
    await this.executor.close();
  }
}

export interface OrdersModuleOptions {
  /** Further providers (e.g. the EPP executor the registry provider injects). */
  providers?: Provider[];
  /** Further exports. */
  exports?: NonNullable<ModuleMetadata['exports']>;
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
        ...(o.providers ?? []),
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
      exports: [
        RegistrationsService,
        RegistrationsRepository,
        RegistrationWorker,
        ContactsModule,
        ...(o.exports ?? []),
      ],
    };
  }

  /**
   * The production wiring: EPP over TLS to `target` (SIDN, or the sandbox the app started) through
   * one pooled gated executor (exported as EPP_EXECUTOR), and the disclosure ledger's LedgerService.
   */
  static forApp(target: EppTarget): DynamicModule {
    return OrdersModule.register({
      imports: [LedgerModule],
      providers: [
        {
          provide: EPP_EXECUTOR,
          inject: [HANDOFF_ENV],
          useFactory: (env: EnvSchema) => gatedEppExecutorFromEnv(env, target),
        },
        EppExecutorShutdown,
      ],
      exports: [EPP_EXECUTOR],
      registry: {
        provide: REGISTRY_PORT,
        inject: [EPP_EXECUTOR],
        useFactory: (executor: GatedEppExecutor) => new EppRegistryAdapter(executor, target.clientId),
      },
      ledger: { provide: DISCLOSURE_LEDGER, useExisting: LedgerService },
    });
  }
}
