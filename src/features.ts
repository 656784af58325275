import type { ModuleMetadata } from '@nestjs/common';
import { LedgerModule } from './ledger/ledger.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import type { EppTarget } from './orders/epp/epp-executor.factory';
import { OrdersModule } from './orders/orders.module';
import { RecipientsModule } from './recipients/recipients.module';

/**
 * The service's feature modules, in one list so main.ts and the end-to-end tests start the same app.
 * Registrations and the lifecycle share one EPP pool (the orders module's executor).
 */
export function featureModules(target: EppTarget): NonNullable<ModuleMetadata['imports']> {
  const orders = OrdersModule.forApp(target);
  return [
    RecipientsModule,
    LedgerModule,
    orders,
    LifecycleModule.forApp(orders, { registrarId: target.clientId }),
  ];
}
