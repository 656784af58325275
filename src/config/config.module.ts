import { DynamicModule, Global, Module } from '@nestjs/common';
import { EnvSchema } from './env.schema';

/** Injection token of the validated environment (see env.schema.ts). */
export const HANDOFF_ENV = Symbol('HANDOFF_ENV');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(env: EnvSchema): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: HANDOFF_ENV, useValue: env }],
      exports: [HANDOFF_ENV],
    };
  }
}
