import { Module } from '@nestjs/common';
import { HANDOFF_ENV } from '../config/config.module';
import type { EnvSchema } from '../config/env.schema';
import { resolveMasterKey } from './master-key';
import { MASTER_KEY, SubjectKeysService } from './subject-keys.service';

/** Per-subject keys wrapped by the master key. Needs TypeORM's DataSource and HANDOFF_ENV. */
@Module({
  providers: [
    { provide: MASTER_KEY, inject: [HANDOFF_ENV], useFactory: (env: EnvSchema) => resolveMasterKey(env) },
    SubjectKeysService,
  ],
  exports: [SubjectKeysService],
})
export class PrivacyCryptoModule {}
