import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { createApp } from './bootstrap';
import { ConfigError, loadEnv } from './config/env.schema';
import { startDatabase } from './database/database-bootstrap';
import { startRegistry } from './registry-sidn/registry-runtime';

async function main(): Promise<void> {
  const logger = new ConsoleLogger('Handoff', { json: true });
  // A bug in a background task must be reported, not take the service down with it.
  process.on('unhandledRejection', (reason) =>
    logger.error({
      event: 'unhandled-rejection',
      error: reason instanceof Error ? reason.name + ': ' + reason.message : 'unknown',
    }),
  );
  let env;
  try {
    env = loadEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const database = await startDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR }, (line) =>
    logger.log(line),
  );
  const registry = await startRegistry(env, database.url, (line) => logger.log(line));
  const app = await createApp(env, database.url, registry.target, { logger });
  const shutdown = async () => {
    await app.close();
    await registry.stop();
    await database.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await app.listen(env.PORT, env.HOST);
  logger.log(`Handoff listening on http://${env.HOST}:${env.PORT} (API document: /v1/openapi.json)`);
}

main().catch((error: unknown) => {
  console.error('Handoff failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
