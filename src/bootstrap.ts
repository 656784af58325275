import { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { createValidationPipe } from './common/validation';
import type { EnvSchema } from './config/env.schema';
import { featureModules } from './features';
import type { EppTarget } from './orders/epp/epp-executor.factory';

/** Builds the Nest application (shared by main.ts and the end-to-end tests). */
export async function createApp(
  env: EnvSchema,
  databaseUrl: string,
  registry: EppTarget,
  options: { logger?: LoggerService | false } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(
    AppModule.forRoot({ env, databaseUrl, features: featureModules(registry) }),
    {
      logger: options.logger,
      bufferLogs: false,
    },
  );
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Handoff')
      .setDescription("The registrar's internal API between its order system and SIDN (.nl)")
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  const http = app.getHttpAdapter();
  http.get('/v1/openapi.json', (_req: unknown, res: { json(body: unknown): void }) => res.json(document));
  return app;
}
