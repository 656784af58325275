import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { HANDOFF_ENV } from '../config/config.module';
import type { EnvSchema } from '../config/env.schema';
import { loadApiClients } from './api-clients';
import { API_CLIENTS, ScopesGuard } from './scopes.guard';

@Global()
@Module({
  providers: [
    {
      provide: API_CLIENTS,
      inject: [HANDOFF_ENV],
      useFactory: (env: EnvSchema) => loadApiClients(env.API_CLIENTS_FILE),
    },
    { provide: APP_GUARD, useClass: ScopesGuard },
  ],
  exports: [API_CLIENTS],
})
export class AuthModule {}
