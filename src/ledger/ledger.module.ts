import { Logger, Module } from '@nestjs/common';
import { HANDOFF_ENV } from '../config/config.module';
import type { EnvSchema } from '../config/env.schema';
import { loadLedgerSigner } from './checkpoint/signing-key';
import { LedgerCheckpointScheduler } from './ledger-checkpoint.scheduler';
import { LEDGER_CLOCK, LEDGER_CONFIG, LedgerConfig, systemClock } from './ledger.config';
import { LedgerController } from './ledger.controller';
import { LedgerRepository } from './ledger.repository';
import { LEDGER_KEYS, LedgerKeys, LedgerService } from './ledger.service';

/**
 * The disclosure ledger. Needs, from the app: TypeORM's DataSource, HANDOFF_ENV (ConfigModule) and
 * RECIPIENT_POLICY (RecipientsModule), all global. LEDGER_CLOCK and LEDGER_CONFIG can be overridden
 * in tests (`overrideProvider`).
 */
@Module({
  controllers: [LedgerController],
  providers: [
    LedgerRepository,
    LedgerService,
    LedgerCheckpointScheduler,
    { provide: LEDGER_CLOCK, useValue: systemClock },
    {
      provide: LEDGER_CONFIG,
      inject: [HANDOFF_ENV],
      useFactory: (env: EnvSchema): LedgerConfig => ({
        origin: env.LEDGER_ORIGIN,
        signingKey: env.LEDGER_SIGNING_KEY,
        checkpointIntervalMs: env.LEDGER_CHECKPOINT_INTERVAL_MS,
        dataDir: env.DATA_DIR,
        production: process.env.NODE_ENV === 'production',
      }),
    },
    {
      provide: LEDGER_KEYS,
      inject: [LEDGER_CONFIG],
      useFactory: (config: LedgerConfig): LedgerKeys => {
        const logger = new Logger('Ledger');
        return { origin: config.origin, signer: loadLedgerSigner(config, (m) => logger.warn(m)) };
      },
    },
  ],
  exports: [LedgerService],
})
export class LedgerModule {}
