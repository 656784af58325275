import request from 'supertest';
import { extractDisclosure } from '../../src/epp/codec/disclosure';
import type { SandboxHandle } from '../../src/sandbox';
import { createTestApp, TestApp, TOKENS } from '../support/app';

/**
 * The service as `npm start` runs it (embedded PostgreSQL, the SIDN sandbox in-process over TLS, the
 * worker on): one order from the API to the registry, and what the ledger and the customer's access
 * report say about it.
 */
jest.setTimeout(180_000);

const customer = {
  customerId: 'SVC-1',
  name: 'Jan Jansen',
  street: ['Dorpsstraat 1'],
  postalCode: '1234 ab',
  city: 'Utrecht',
  countryCode: 'NL',
  phone: '06 12345678',
  email: 'jan.service@example.nl',
  iban: 'NL91ABNA0417164300',
  bsn: '123456782',
  dateOfBirth: '1970-01-01',
  notes: 'prefers phone calls',
};

describe('Handoff service end to end (npm start wiring)', () => {
  let t: TestApp;
  let sandbox: SandboxHandle;
  let registrationId: string;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp({ MASTER_KEY: Buffer.alloc(32, 3).toString('base64') });
    sandbox = t.registry.sandbox!;
    const accepted = await http()
      .post('/v1/registrations')
      .set('Authorization', `Bearer ${TOKENS.orderSystem}`)
      .set('Idempotency-Key', 'svc-e2e-1')
      .send({ domain: 'Service-E2E.nl', nameservers: ['ns1.hoster.example', 'ns2.hoster.example'], customer })
      .expect(202);
    registrationId = (accepted.body as { id: string }).id;
    const deadline = Date.now() + 120_000;
    for (;;) {
      const view = await http()
        .get(`/v1/registrations/${registrationId}`)
        .set('Authorization', `Bearer ${TOKENS.orderSystem}`)
        .expect(200);
      const status = (view.body as { status: string }).status;
      if (status === 'registered') break;
      if (status === 'failed' || status === 'needs-attention' || Date.now() > deadline) {
        throw new Error(`registration ended ${status}: ${JSON.stringify(view.body)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  it('registers the domain with the registrar own admin/tech handles and host objects for its name servers', async () => {
    const frames = await sandbox.frames();
    const create = frames.find((f) => f.direction === 'in' && f.command === 'domain:create');
    expect(create?.xml).toContain('<domain:name>service-e2e.nl</domain:name>');
    expect(create?.xml).toContain(
      `<domain:contact type="admin">${t.env.REGISTRAR_ADMIN_HANDLE}</domain:contact>`,
    );
    expect(create?.xml).toContain(
      `<domain:contact type="tech">${t.env.REGISTRAR_TECH_HANDLE}</domain:contact>`,
    );
    expect(create?.xml).toContain('<domain:hostObj>ns1.hoster.example</domain:hostObj>');
    const hostCreates = frames.filter((f) => f.direction === 'in' && f.command === 'host:create');
    expect(hostCreates.map((f) => /<host:name>([^<]+)<\/host:name>/.exec(f.xml)?.[1]).sort()).toEqual([
      'ns1.hoster.example',
      'ns2.hoster.example',
    ]);
  });

  it('sends SIDN only the registrant fields the register allows, never IBAN, BSN, birth date or notes', async () => {
    const frames = (await sandbox.frames()).filter((f) => f.direction === 'in');
    const contactCreates = frames
      .filter((f) => f.command === 'contact:create')
      .map((f) => extractDisclosure(f.xml)!);
    const customerContact = contactCreates.find((d) =>
      d.fields.some((f) => f.value === 'jan.service@example.nl'),
    );
    expect(customerContact).toBeDefined();
    const names = new Set(customerContact!.fields.map((f) => f.field));
    expect([...names].sort()).toEqual(
      ['cc', 'city', 'email', 'name', 'pc', 'property:NL_LEGAL_FORM', 'street[0]', 'voice'].sort(),
    );
    // A customer without an organisation is a natural person: .nl's legal form PERSOON.
    expect(customerContact!.fields.find((f) => f.field === 'property:NL_LEGAL_FORM')?.value).toBe('PERSOON');
    const wire = frames.map((f) => f.xml).join('\n');
    for (const secret of [customer.iban, customer.bsn, customer.dateOfBirth, customer.notes]) {
      expect(wire).not.toContain(secret);
    }
    expect(customerContact!.fields.find((f) => f.field === 'voice')?.value).toBe('+31.612345678');
    expect(customerContact!.fields.find((f) => f.field === 'pc')?.value).toBe('1234AB');
  });

  it('shows the disclosure to SIDN in the customer access report with an inclusion proof', async () => {
    const res = await http()
      .get(`/v1/subjects/${customer.customerId}/disclosures`)
      .set('Authorization', `Bearer ${TOKENS.helpdesk}`)
      .expect(200);
    const report = res.body as {
      entries: {
        entry: { kind: string; recipient: string; fields?: { field: string }[] };
        inclusionProof: string[];
      }[];
      checkpoint: { treeSize: number };
    };
    const intents = report.entries.filter((e) => e.entry.kind === 'disclosure-intent');
    expect(intents).toHaveLength(1);
    expect(intents[0].entry.recipient).toBe('sidn');
    expect(intents[0].entry.fields!.map((f) => f.field)).toContain('email');
    expect(JSON.stringify(report)).not.toContain('jan.service@example.nl');
    const text = await http()
      .get(`/v1/subjects/${customer.customerId}/disclosures?format=text`)
      .set('Authorization', `Bearer ${TOKENS.helpdesk}`)
      .expect(200);
    expect(text.text).toMatch(/\| sidn \| independent-controller \|/);
  });

  it('keeps the access report from the order system', async () => {
    await http()
      .get(`/v1/subjects/${customer.customerId}/disclosures`)
      .set('Authorization', `Bearer ${TOKENS.orderSystem}`)
      .expect(403);
  });

  it('verifies the ledger for the auditor', async () => {
    const res = await http().post('/v1/ledger/verify').set('Authorization', `Bearer ${TOKENS.auditor}`);
    expect(res.status).toBeLessThan(300);
    expect(res.body).toMatchObject({ ok: true });
  });
});
