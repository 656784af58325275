import type { ModuleMetadata } from '@nestjs/common';
import { LedgerModule } from './ledger/ledger.module';
import { RecipientsModule } from './recipients/recipients.module';

/**
 * The service's feature modules, in one list so main.ts and the end-to-end tests start the same app.
 */
export function featureModules(): NonNullable<ModuleMetadata['imports']> {
  return [RecipientsModule, LedgerModule];
}
