import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox } from '../../src/sandbox';
import { createTestDatabase, TestDatabase } from '../support/database';
import { contactCreate, contactInfo, login } from './support/frames';
import { RawEppClient } from './support/raw-epp-client';

describe('SIDN sandbox: state and identity survive a restart', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('sbx_restart');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('keeps objects, the changed password and the generated certificate; reset() empties the objects', async () => {
    const certDir = mkdtempSync(path.join(os.tmpdir(), 'handoff-sbx-restart-'));
    const options = { databaseUrl: db.url, certDir, registrars: [{ id: 'reg-r', password: 'first-pw-1' }] };
    const first = await startSandbox(options);
    const c1 = await RawEppClient.connect(first.port, first.caCertPem);
    await c1.next();
    expect((await c1.send(login('reg-r', 'first-pw-1', { newPW: 'second-pw-2' }))).code).toBe(1000);
    expect((await c1.send(contactCreate({ id: 'survivor' }))).code).toBe(1000);
    c1.close();
    const ca = first.caCertPem;
    await first.stop();

    const second = await startSandbox(options);
    try {
      expect(second.caCertPem).toBe(ca);
      const c2 = await RawEppClient.connect(second.port, ca);
      await c2.next();
      expect((await c2.send(login('reg-r', 'first-pw-1'))).code).toBe(2200);
      expect((await c2.send(login('reg-r', 'second-pw-2'))).code).toBe(1000);
      expect((await c2.send(contactInfo('survivor'))).code).toBe(1000);
      c2.close();
      await second.reset();
      const c3 = await RawEppClient.connect(second.port, ca);
      await c3.next();
      expect((await c3.send(login('reg-r', 'first-pw-1'))).code).toBe(1000);
      expect((await c3.send(contactInfo('survivor'))).code).toBe(2303);
      expect(await second.frames({ last: 100 })).toHaveLength(5); // greeting, login in/out, info in/out
      c3.close();
    } finally {
      await second.stop();
    }
  });
});
