import path from 'node:path';
import type { DataSourceOptions } from 'typeorm';

/**
 * The one place TypeORM is configured. Entities and migrations are found by file name, so a module
 * adds a table by adding `*.entity.ts` and a migration under `src/database/migrations/` — no list
 * to edit. `synchronize` is off everywhere: the schema only changes through migrations.
 */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [path.join(__dirname, '..', '**', '*.entity.{ts,js}')],
    migrations: [path.join(__dirname, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'handoff_migrations',
    migrationsRun: false,
    synchronize: false,
    logging: false,
    extra: { max: 10 },
  };
}
