import { DynamicModule, Module, ModuleMetadata, Provider } from '@nestjs/common';
import { HANDOFF_ENV } from '../config/config.module';
import type { EnvSchema } from '../config/env.schema';
import { ContactsModule } from '../contacts/contacts.module';
import { PrivacyController } from '../privacy/privacy.controller';
import { PrivacyService } from '../privacy/privacy.service';
import { SubjectDisclosuresController } from '../privacy/subject-disclosures.controller';
import { RecipientsModule } from '../recipients/recipients.module';
import { DeletionChain } from './deletion-chain';
import { EppLifecycleRegistry } from './epp-lifecycle-registry';
import { ContactDeleteJob } from './jobs/contact-delete.job';
import { DeletionStepsRepository } from './jobs/deletion-steps.repository';
import { DomainDeleteJob } from './jobs/domain-delete.job';
import { QuarantineEndJob } from './jobs/quarantine-end.job';
import { SubjectErasureJob } from './jobs/subject-erasure.job';
import { LapseController } from './lapse.controller';
import { LapseService } from './lapse.service';
import { LapseSweep } from './lapse-sweep';
import { LapsesRepository } from './lapses.repository';
import { LIFECYCLE_CLOCK, LifecycleClock, systemLifecycleClock } from './lifecycle-clock';
import {
  LIFECYCLE_EPP_EXECUTOR,
  LIFECYCLE_REGISTRAR_ID,
  LIFECYCLE_REGISTRY,
} from './lifecycle-registry.port';
import { LIFECYCLE_LEDGER } from './lifecycle-ledger.port';
import { LedgerModule } from '../ledger/ledger.module';
import { LedgerService } from '../ledger/ledger.service';
import { EPP_EXECUTOR } from '../orders/orders.module';
import { LifecycleWorker } from './lifecycle.worker';
import { PollConsumer } from './poll/poll-consumer';
import { PollMessagesRepository } from './poll/poll-messages.repository';
import { RegistryEndings } from './registry-endings';
import { loadRetentionRules, RETENTION_POLICY } from './retention/retention-rules';
import { SubjectPrivacyRepository } from './subject-privacy.repository';
import { SubjectRecordsRepository } from './subject-records.repository';

export interface LifecycleModuleOptions {
  /** Modules exporting what the providers below need (the ledger, the EPP pool). */
  imports?: ModuleMetadata['imports'];
  /**
   * The registry: `{ provide: LIFECYCLE_EPP_EXECUTOR, useExisting: RegistryService }` (the lapse
   * commands are then encoded by EppLifecycleRegistry), or a whole `LIFECYCLE_REGISTRY` port.
   */
  registry: Provider;
  /** `{ provide: LIFECYCLE_LEDGER, useExisting: LedgerService }`. */
  ledger: Provider;
  clock?: LifecycleClock;
  /** Our registrar id at the registry; default EPP_CLIENT_ID (with EPP_HOST) or SANDBOX_REGISTRAR_ID. */
  registrarId?: string;
}

function provides(p: Provider, token: symbol): boolean {
  return typeof p === 'object' && 'provide' in p && p.provide === token;
}

/**
 * Lapse and deletion (issue 6) and the customer's rights: `/v1/domains/:name/lapse`,
 * `/v1/customers/:customerId/...`, the deletion chain's jobs and worker, the poll-queue consumer.
 * Needs from the app: TypeORM's DataSource and HANDOFF_ENV (global); brings RecipientsModule and
 * ContactsModule (subjects, profiles, keys).
 */
@Module({})
export class LifecycleModule {
  static register(o: LifecycleModuleOptions): DynamicModule {
    const registry: Provider[] = provides(o.registry, LIFECYCLE_REGISTRY)
      ? [o.registry]
      : [o.registry, { provide: LIFECYCLE_REGISTRY, useClass: EppLifecycleRegistry }];
    return {
      module: LifecycleModule,
      imports: [RecipientsModule, ContactsModule, ...(o.imports ?? [])],
      controllers: [LapseController, PrivacyController, SubjectDisclosuresController],
      providers: [
        ...registry,
        o.ledger,
        { provide: LIFECYCLE_CLOCK, useValue: o.clock ?? systemLifecycleClock },
        {
          provide: RETENTION_POLICY,
          inject: [HANDOFF_ENV],
          useFactory: (env: EnvSchema) => loadRetentionRules(env.RETENTION_FILE),
        },
        {
          provide: LIFECYCLE_REGISTRAR_ID,
          inject: [HANDOFF_ENV],
          useFactory: (env: EnvSchema) =>
            o.registrarId ?? (env.EPP_HOST ? env.EPP_CLIENT_ID : env.SANDBOX_REGISTRAR_ID),
        },
        LapsesRepository,
        DeletionStepsRepository,
        PollMessagesRepository,
        SubjectRecordsRepository,
        SubjectPrivacyRepository,
        RegistryEndings,
        DeletionChain,
        DomainDeleteJob,
        QuarantineEndJob,
        ContactDeleteJob,
        SubjectErasureJob,
        PollConsumer,
        LapseService,
        LapseSweep,
        LifecycleWorker,
        PrivacyService,
      ],
      exports: [LapseService, LifecycleWorker, PollConsumer, RETENTION_POLICY, LIFECYCLE_CLOCK],
    };
  }

  /**
   * As the app wires it: the registry through the EPP pool the registrations module exports
   * (`EPP_EXECUTOR` of `OrdersModule.forApp(target)` — pass that very module object), the ledger's
   * LedgerService. In src/features.ts:
   *   const orders = OrdersModule.forApp(target);
   *   return [RecipientsModule, LedgerModule, orders, LifecycleModule.forApp(orders, { registrarId: target.clientId })];
   */
  static forApp(
    orders: DynamicModule,
    o: { registrarId?: string; clock?: LifecycleClock } = {},
  ): DynamicModule {
    return LifecycleModule.register({
      imports: [LedgerModule, orders],
      registry: { provide: LIFECYCLE_EPP_EXECUTOR, useExisting: EPP_EXECUTOR },
      ledger: { provide: LIFECYCLE_LEDGER, useExisting: LedgerService },
      ...o,
    });
  }
}
