import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from './auth/auth.module';
import { ConfigModule } from './config/config.module';
import type { EnvSchema } from './config/env.schema';
import { dataSourceOptions } from './database/data-source-options';
import { HealthController } from './health/health.controller';

export interface AppOptions {
  env: EnvSchema;
  /** Database with migrations already applied (see database-bootstrap.ts). */
  databaseUrl: string;
  /** Feature modules; tests may pass a subset. */
  features?: NonNullable<ModuleMetadata['imports']>;
}

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.env),
        TypeOrmModule.forRoot({ ...dataSourceOptions(options.databaseUrl), migrationsRun: false }),
        AuthModule,
        ...(options.features ?? []),
      ],
      controllers: [HealthController],
    };
  }
}
