/**
 * A stand-alone Handoff orders process for the kill-and-restart test: the order API, the workflow's
 * background worker and the EPP pool, configured from the environment (plus ORDERS_TEST_EPP_* for
 * the sandbox the test runs). Prints `LISTENING <port>` once it serves HTTP. Not used by the app.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Module } from '@nestjs/common';
import { AuthModule } from '../../../src/auth/auth.module';
import { createValidationPipe } from '../../../src/common/validation';
import { ConfigModule } from '../../../src/config/config.module';
import { loadEnv } from '../../../src/config/env.schema';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { LedgerModule } from '../../../src/ledger/ledger.module';
import { OrdersModule } from '../../../src/orders/orders.module';
import { RecipientsModule } from '../../../src/recipients/recipients.module';

async function main(): Promise<void> {
  const env = loadEnv();
  const url = env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const target = {
    host: process.env.ORDERS_TEST_EPP_HOST ?? '127.0.0.1',
    port: Number(process.env.ORDERS_TEST_EPP_PORT),
    caPem: readFileSync(String(process.env.ORDERS_TEST_EPP_CA_FILE), 'utf8'),
    clientId: String(process.env.ORDERS_TEST_EPP_CLIENT_ID),
    password: String(process.env.ORDERS_TEST_EPP_PASSWORD),
  };
  @Module({
    imports: [
      ConfigModule.forRoot(env),
      TypeOrmModule.forRoot(dataSourceOptions(url)),
      AuthModule,
      RecipientsModule,
      LedgerModule,
      OrdersModule.forApp(target),
    ],
  })
  class OrdersProcessModule {}
  const app = await NestFactory.create(OrdersProcessModule, { logger: false });
  app.useGlobalPipes(createValidationPipe());
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  process.stdout.write(`LISTENING ${address.port}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`orders process failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
