import { encodeDomainCheck } from '../../src/epp/codec/commands';
import { createSessionCodec } from '../../src/epp/session/default-codec';
import { connectTls } from '../../src/epp/transport/tls-connection';
import { GatedEppExecutor } from '../../src/orders/epp/epp-executor';
import { SUPPORTED_SERVICES } from '../../src/registry-sidn/profiles';
import type { SandboxHandle } from '../../src/sandbox';
import { createTestDatabase, TestDatabase } from '../support/database';
import { REGISTRAR, startOrdersSandbox } from './support/sandbox-registry';

/** EPP_NEW_PASSWORD changes the password once; every later session must use the new one. */
describe(`${GatedEppExecutor.name} with a new password (RFC 5730 §2.9.1.1 newPW)`, () => {
  let db: TestDatabase;
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    db = await createTestDatabase('newpw');
    sandbox = await startOrdersSandbox(db);
  });

  afterAll(async () => {
    await sandbox.stop();
    await db.drop();
  });

  it('logs later sessions in with the new password instead of repeating the change', async () => {
    const executor = new GatedEppExecutor(
      {
        connect: () => connectTls({ host: sandbox.host, port: sandbox.port, ca: sandbox.caCertPem }),
        codec: createSessionCodec(SUPPORTED_SERVICES),
        credentials: { clientId: REGISTRAR.id, password: REGISTRAR.password, newPassword: 'Changed-Pw-456' },
        commandTimeoutMs: 30_000,
        keepAliveMs: 0,
      },
      { maxSessions: 3, acquireTimeoutMs: 30_000 },
    );
    try {
      await executor.execute((ctx) => encodeDomainCheck({ names: ['eerste.nl'] }, ctx));
      // Three at once: the pool opens two more sessions, after the password changed.
      const checks = await Promise.all(
        ['a.nl', 'b.nl', 'c.nl'].map((name) =>
          executor.execute((ctx) => encodeDomainCheck({ names: [name] }, ctx)),
        ),
      );
      expect(checks.map((c) => c.response.results[0].code)).toEqual([1000, 1000, 1000]);
      expect(executor.pool.stats().open).toBeGreaterThan(1);
    } finally {
      await executor.close();
    }
  });
});
