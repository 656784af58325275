import { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
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
    { logger: options.logger, bufferLogs: false, bodyParser: false },
  );
  // Our own JSON parser: its syntax errors quote the body (personal data), so they are answered with
  // a fixed message instead of the parser's.
  app.use(express.json({ limit: '1mb' }));
  app.use((error: { type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (error?.type === 'entity.parse.failed') {
      res
        .status(400)
        .json({ statusCode: 400, error: 'Bad Request', message: 'the request body is not valid JSON' });
      return;
    }
    if (error?.type === 'entity.too.large') {
      res
        .status(413)
        .json({ statusCode: 413, error: 'Payload Too Large', message: 'the request body is too large' });
      return;
    }
    next(error);
  });
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
