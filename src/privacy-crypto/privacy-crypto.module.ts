import { Module } from '@nestjs/common';
import { HANDOFF_ENV } from '../config/config.module';
import type { EnvSchema } from '../config/env.schema';
import { resolveMasterKey } from './master-key';
import { RequestDigester } from './request-digest';
import { MASTER_KEY, SubjectKeysService } from './subject-keys.service';

/** Per-subject keys wrapped by the master key. Needs TypeORM's DataSource and HANDOFF_ENV. */
@Module({
  providers: [
    { provide: MASTER_KEY, inject: [HANDOFF_ENV], useFactory: (env: EnvSchema) => resolveMasterKey(env) },
    SubjectKeysService,
    RequestDigester,
  ],
  exports: [SubjectKeysService, RequestDigester, MASTER_KEY],
})
export class PrivacyCryptoModule {}
