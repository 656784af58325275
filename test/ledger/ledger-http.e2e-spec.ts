import { randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { createValidationPipe } from '../../src/common/validation';
import { loadEnv } from '../../src/config/env.schema';
import { verifyBundle } from '../../src/ledger/bundle/bundle';
import { LedgerModule } from '../../src/ledger/ledger.module';
import { LedgerService } from '../../src/ledger/ledger.service';
import { RECIPIENT_POLICY, RecipientPolicy } from '../../src/ledger/recipient-policy';
import { RecipientsModule } from '../../src/recipients/recipients.module';
import { createTestDatabase, TestDatabase } from '../support/database';
import { TOKENS } from '../support/app';

/** The ledger's HTTP API in the real app shell (config, TypeORM, the scope guard, the register). */
describe('ledger HTTP API (e2e)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ledger: LedgerService;
  let subjectId: string;
  const auditor = { Authorization: `Bearer ${TOKENS.auditor}` };

  beforeAll(async () => {
    db = await createTestDatabase('ledger_http');
    const env = loadEnv({
      DATABASE_URL: db.url,
      LEDGER_CHECKPOINT_INTERVAL_MS: '0',
      LEDGER_SIGNING_KEY: randomBytes(32).toString('base64'),
      LEDGER_ORIGIN: 'handoff.test/ledger',
    });
    app = await NestFactory.create(
      AppModule.forRoot({ env, databaseUrl: db.url, features: [RecipientsModule, LedgerModule] }),
      {
        logger: false,
      },
    );
    app.useGlobalPipes(createValidationPipe());
    await app.init();
    ledger = app.get(LedgerService);
    const sidn = app
      .get<RecipientPolicy>(RECIPIENT_POLICY)
      .declaredRecipients()
      .find((r) => r.id === 'sidn')!;
    subjectId = 'subj_' + randomBytes(4).toString('hex');
    const { entryId } = await ledger.recordIntent({
      recipient: 'sidn',
      subjectId,
      subjectKey: randomBytes(32),
      channel: 'epp:contact:create',
      fields: [
        { field: 'name', value: 'Jan de Vries' },
        { field: 'email', value: 'jan@example.nl' },
      ],
      purpose: sidn.purpose,
      legalBasis: sidn.legalBasis,
      domain: 'voorbeeld.nl',
      clTRID: 'HO-1',
    });
    await ledger.recordOutcome({
      intentEntryId: entryId,
      outcome: 'success',
      resultCode: 1000,
      svTRID: 'SV-1',
    });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const http = () => request(app.getHttpServer());

  it('answers 401 without a token and 403 to the order system token', async () => {
    await http().get('/v1/ledger/entries').expect(401);
    await http().get('/v1/ledger/entries').set('Authorization', `Bearer ${TOKENS.orderSystem}`).expect(403);
  });

  it('lists entries for the auditor, filtered by field, with no values in them', async () => {
    const res = await http()
      .get('/v1/ledger/entries')
      .query({ field: 'email', subject: subjectId })
      .set(auditor)
      .expect(200);
    expect(res.body.entries).toHaveLength(1);
    expect(res.body.entries[0]).toMatchObject({
      recipient: 'sidn',
      fields: ['name', 'email'],
      kind: 'disclosure-intent',
    });
    expect(JSON.stringify(res.body)).not.toContain('jan@example.nl');
  });

  it('rejects an unknown query parameter with 400', async () => {
    await http().get('/v1/ledger/entries').query({ nonsense: '1' }).set(auditor).expect(400);
  });

  it('streams CSV and JSON Lines exports', async () => {
    const csv = await http()
      .get('/v1/ledger/entries/export')
      .query({ format: 'csv' })
      .set(auditor)
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.trim().split('\r\n')).toHaveLength(3);
    const jsonl = await http()
      .get('/v1/ledger/entries/export')
      .query({ format: 'jsonl', subject: subjectId })
      .set(auditor)
      .expect(200);
    expect(
      jsonl.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).kind),
    ).toEqual(['disclosure-intent', 'disclosure-outcome']);
  });

  it('serves the latest checkpoint and proofs, and verifies the ledger', async () => {
    const cp = await http().get('/v1/ledger/checkpoints/latest').set(auditor).expect(200);
    expect(cp.body.treeSize).toBe(2);
    const inc = await http().get('/v1/ledger/proofs/inclusion/1').set(auditor).expect(200);
    expect(inc.body).toMatchObject({ leafIndex: 1, treeSize: 2 });
    await http().get('/v1/ledger/proofs/consistency').query({ from: 1, to: 2 }).set(auditor).expect(200);
    await http().get('/v1/ledger/proofs/consistency').query({ from: 1, to: 99 }).set(auditor).expect(400);
    const v = await http().post('/v1/ledger/verify').set(auditor).expect(200);
    expect(v.body).toMatchObject({ ok: true, entries: 2 });
  });

  it('gives a summary beside the register and a bundle that verifies offline', async () => {
    const s = await http().get('/v1/ledger/summary').set(auditor).expect(200);
    expect(s.body.recipients.find((r: { recipient: string }) => r.recipient === 'sidn')).toMatchObject({
      declared: true,
    });
    const b = await http().get('/v1/ledger/bundle').query({ subject: subjectId }).set(auditor).expect(200);
    expect(verifyBundle(b.body, { trustedVerifierKey: ledger.verifierKey() })).toMatchObject({
      ok: true,
      verifiedEntries: 2,
    });
  });
});
