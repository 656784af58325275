import { startSandboxFixture, SandboxFixture } from './support/sandbox-fixture';
import { contactCreate, domainCreate, hostCreate } from './support/frames';

describe('sandbox smoke', () => {
  let f: SandboxFixture;
  beforeAll(async () => {
    f = await startSandboxFixture('sbx_smoke');
  });
  afterAll(async () => {
    await f.stop();
  });

  it('creates a contact, a host and a domain', async () => {
    const c = await f.session();
    const r1 = await c.send(contactCreate({ id: 'jan-001' }));
    expect([r1.code, r1.reason]).toEqual([1000, undefined]);
    const r2 = await c.send(hostCreate('ns1.example.com'));
    expect([r2.code, r2.reason]).toEqual([1000, undefined]);
    const r3 = await c.send(
      domainCreate({
        name: 'voorbeeld.nl',
        registrant: 'jan-001',
        admin: ['jan-001'],
        tech: ['jan-001'],
        ns: ['ns1.example.com'],
      }),
    );
    expect([r3.code, r3.reason]).toEqual([1000, undefined]);
  });
});
