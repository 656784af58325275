import { readFileSync } from 'node:fs';
import path from 'node:path';
import { encodeContactCreate, encodeDomainCreate, encodeLogin, type EncodeContext } from './commands';
import { NS } from './namespaces';
import { MASK, UNPARSEABLE_FRAME, sanitizeFrame, summarizeCommand } from './sanitize';
import { parseXml, type XmlElement } from './xml';

const REF = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'epp-reference');
const fixture = (rel: string) => readFileSync(path.join(REF, rel), 'utf8');

const HELLO: EncodeContext = { clTRID: 'HANDOFF-9-x', extensions: new Set([NS.fury]), profile: 'hello' };
const DRS5: EncodeContext = { clTRID: 'HANDOFF-9-y', extensions: new Set([NS.sidn]), profile: 'drs5' };

function all(e: XmlElement): XmlElement[] {
  return [e, ...e.children.flatMap(all)];
}
const byLocal = (xml: string, local: string) => all(parseXml(xml)).filter((e) => e.local === local);

const PERSONAL = ['name', 'org', 'street', 'city', 'sp', 'pc', 'voice', 'fax', 'email'];

/** Every personal and secret element of the sanitised frame holds the mask (or nothing at all). */
function expectMasked(sanitized: string, locals: string[]): void {
  for (const local of locals) {
    for (const e of byLocal(sanitized, local)) {
      if (e.ns === NS.contact || local === 'pw' || local === 'newPW') expect([MASK, '']).toContain(e.text);
    }
  }
}

describe(sanitizeFrame.name, () => {
  it('masks every personal value and the password of a contact:create, keeping id and country', () => {
    const values = {
      name: 'Marietje Kessels',
      org: 'Kessels Kozijnen',
      street: 'Dorpsstraat 12',
      city: 'Zevenbergschen Hoek',
      pc: '4765AB',
      voice: '+31.612345678',
      email: 'marietje@kessels.example',
      pw: 'S3cret-Auth',
      kvk: '55512345',
    };
    const xml = encodeContactCreate(
      {
        id: 'r4nd0mId',
        postalInfo: {
          type: 'loc',
          name: values.name,
          org: values.org,
          addr: { street: [values.street], city: values.city, sp: 'NB', pc: values.pc, cc: 'NL' },
        },
        voice: { number: values.voice, ext: '77' },
        fax: { number: '+31.201234567' },
        email: values.email,
        authInfo: values.pw,
        properties: [{ key: 'KVK_NUMBER', value: values.kvk }],
      },
      HELLO,
    );
    const out = sanitizeFrame(xml);
    for (const v of [...Object.values(values), '+31.201234567', '>77<', '"77"']) expect(out).not.toContain(v);
    expectMasked(out, [...PERSONAL, 'pw']);
    expect(byLocal(out, 'value').map((e) => e.text)).toEqual([MASK]);
    expect(out).toContain('<contact:id>r4nd0mId</contact:id>');
    expect(out).toContain('<contact:cc>NL</contact:cc>');
    expect(out).toContain('<fury:key>KVK_NUMBER</fury:key>');
  });

  it("masks SIDN's legalFormRegNo and keeps the legal form (drs5)", () => {
    const xml = encodeContactCreate(
      {
        id: 'r4nd0mId',
        postalInfo: { type: 'loc', name: 'X Y', addr: { street: ['s'], city: 'c', cc: 'NL' } },
        email: 'x@y.nl',
        authInfo: 'unused',
        legalForm: 'EENMANSZAAK',
        legalFormRegNo: '8764654',
      },
      DRS5,
    );
    const out = sanitizeFrame(xml);
    expect(out).not.toContain('8764654');
    expect(out).toContain('EENMANSZAAK');
  });

  it.each([
    'examples/rfc5733/contact-info-response-authorized.xml',
    'hello-registry/examples/fury-netdri/fury-ca-contact-info-response.xml',
  ])('masks the personal data and password of a contact:info response (%s)', (rel) => {
    const original = fixture(rel);
    const out = sanitizeFrame(original);
    expectMasked(out, [...PERSONAL, 'pw']);
    // the distinctive values of the two fixtures
    for (const v of [
      'John Doe',
      'Example Inc.',
      '123 Example Dr.',
      'jdoe@example.com',
      'Fury Contact',
      '123 Main Street',
    ]) {
      expect(out).not.toContain(v);
    }
    expect(out).not.toContain('2fooBAR');
    expect(out).not.toContain('<contact:pw>password');
    // Fury property values of a contact are masked; the keys stay
    for (const e of byLocal(out, 'value')) expect(e.text).toBe(MASK);
    // what is not personal stays readable: result code, statuses, ids, the country
    expect(out).toContain('code="1000"');
    expect(byLocal(out, 'cc').map((e) => e.text)).toEqual(byLocal(original, 'cc').map((e) => e.text.trim()));
  });

  it('masks pw and newPW of a login, keeping the client id', () => {
    const xml = encodeLogin(
      {
        clientId: 'registrar9',
        password: 'old-Secret1',
        newPassword: 'new-Secret2',
        objURIs: [NS.domain],
        extURIs: [],
      },
      'HANDOFF-1',
    );
    const out = sanitizeFrame(xml);
    expect(out).not.toContain('old-Secret1');
    expect(out).not.toContain('new-Secret2');
    expect(out).toContain('<clID>registrar9</clID>');
    expect(byLocal(out, 'pw')[0].text).toBe(MASK);
    expect(byLocal(out, 'newPW')[0].text).toBe(MASK);
  });

  it('masks a domain authInfo but keeps domain data and non-contact Fury properties', () => {
    const xml = encodeDomainCreate(
      {
        name: 'example.nl',
        registrant: 'r4nd0mId',
        contacts: [],
        authInfo: 'Tok-3n',
        properties: [{ key: 'PRIVACY', value: 'PRIVATE' }],
      },
      HELLO,
    );
    const out = sanitizeFrame(xml);
    expect(out).not.toContain('Tok-3n');
    expect(out).toContain('example.nl');
    expect(out).toContain('PRIVATE');
  });

  it('yields a well-formed frame with the namespaces of the original', () => {
    const original = fixture('hello-registry/examples/fury-netdri/fury-ca-contact-info-response.xml');
    const tree = parseXml(sanitizeFrame(original));
    const infData = all(tree).find((e) => e.local === 'infData')!;
    expect(infData.ns).toBe(NS.contact);
  });

  it.each([
    ['not XML', 'login: registrar9 password hunter2'],
    ['truncated', '<epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><command><login><pw>hunter2</pw>'],
    ['a DOCTYPE', '<!DOCTYPE epp [<!ENTITY x "hunter2">]><epp>&x;</epp>'],
  ])('returns a fixed placeholder, never the raw text, for %s', (_what, input) => {
    expect(sanitizeFrame(input)).toBe(UNPARSEABLE_FRAME);
    expect(UNPARSEABLE_FRAME).not.toContain('hunter2');
  });
});

describe(summarizeCommand.name, () => {
  it('names object commands with their object id and clTRID', () => {
    expect(summarizeCommand(fixture('examples/rfc5731/domain-create-command.xml'))).toEqual({
      command: 'domain:create',
      objectId: 'example.com',
      clTRID: 'ABC-12345',
    });
    expect(summarizeCommand(fixture('examples/rfc5733/contact-create-command.xml'))).toEqual({
      command: 'contact:create',
      objectId: 'sh8013',
      clTRID: 'ABC-12345',
    });
    expect(summarizeCommand(fixture('examples/rfc5731/domain-transfer-request-command.xml')).command).toBe(
      'domain:transfer:request',
    );
    expect(summarizeCommand(fixture('examples/rfc5731/domain-check-command.xml')).objectId).toBe(
      'example.com,example.net,example.org',
    );
  });

  it('names session commands and never carries a password', () => {
    const login = summarizeCommand(fixture('examples/rfc5730/login-command.xml'));
    expect(login).toEqual({ command: 'login', clTRID: 'ABC-12345' });
    expect(summarizeCommand(fixture('examples/rfc5730/poll-ack-command.xml'))).toEqual({
      command: 'poll:ack',
      objectId: '12345',
      clTRID: 'ABC-12346',
    });
    expect(summarizeCommand(fixture('examples/rfc5730/hello-command.xml'))).toEqual({ command: 'hello' });
  });

  it('names extension-only frames (Fury property query, DRS5 cancelDelete)', () => {
    expect(
      summarizeCommand(fixture('hello-registry/examples/fury-netdri/fury-ca-agreement-info-command.xml')),
    ).toEqual({
      command: 'fury:info',
    });
    expect(
      summarizeCommand(fixture('sidn-fixtures/net-dri/SIDN_L059_command_domain-undelete-build.xml')),
    ).toEqual({
      command: 'sidn:domainCancelDelete',
      objectId: 'DOMAINdelete37.nl',
      clTRID: 'ABC-12345',
    });
  });

  it('summarises responses by their clTRID and unparseable input without content', () => {
    expect(summarizeCommand(fixture('examples/rfc5731/domain-create-response.xml'))).toEqual({
      command: 'response',
      clTRID: 'ABC-12345',
    });
    expect(summarizeCommand('garbage')).toEqual({ command: 'unparseable' });
  });
});
