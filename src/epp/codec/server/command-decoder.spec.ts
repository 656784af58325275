import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NS } from '../namespaces';
import { CommandDecodeError, decodeCommand } from './command-decoder';

const REF = path.resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'epp-reference');
const example = (rel: string) => readFileSync(path.join(REF, rel), 'utf8');

describe('decodeCommand (server side)', () => {
  it('decodes the RFC 5730 login example with services and newPW', () => {
    const req = decodeCommand(example('examples/rfc5730/login-command.xml'));
    expect(req).toMatchObject({
      command: 'login',
      clientId: 'ClientX',
      password: 'foo-BAR2',
      newPassword: 'bar-FOO2',
      version: '1.0',
      lang: 'en',
      objURIs: ['urn:ietf:params:xml:ns:obj1', 'urn:ietf:params:xml:ns:obj2', 'urn:ietf:params:xml:ns:obj3'],
      extURIs: ['http://custom/obj1ext-1.0'],
      clTRID: 'ABC-12345',
    });
  });

  it('decodes the RFC 5731 domain:create example (RFC 5731 §3.2.1)', () => {
    const req = decodeCommand(example('examples/rfc5731/domain-create-command.xml'));
    expect(req).toEqual({
      command: 'domain:create',
      clTRID: 'ABC-12345',
      extensions: { namespaces: [] },
      name: 'example.com',
      period: { value: 2, unit: 'y' },
      hostObjs: ['ns1.example.net', 'ns2.example.net'],
      hostAttrCount: 0,
      registrant: 'jd1234',
      contacts: [
        { type: 'admin', id: 'sh8013' },
        { type: 'tech', id: 'sh8013' },
      ],
      authInfo: '2fooBAR',
    });
  });

  it('decodes the RFC 5733 contact:create example with its postalInfo, voice extension and disclose', () => {
    const req = decodeCommand(example('examples/rfc5733/contact-create-command.xml'));
    if (req.command !== 'contact:create') throw new Error(req.command);
    expect(req.id).toBe('sh8013');
    expect(req.postalInfo.map((p) => p.type)).toEqual(['int']);
    expect(req.postalInfo[0].addr).toEqual({
      street: ['123 Example Dr.', 'Suite 100'],
      city: 'Dulles',
      sp: 'VA',
      pc: '20166-6503',
      cc: 'US',
    });
    expect(req.voice).toEqual({ number: '+1.7035555555', x: '1234' });
    expect(req.disclose).toEqual({ flag: false, elements: ['voice', 'email'] });
  });

  it('decodes Fury contact:create properties (Net-DRI .ca frame)', () => {
    const req = decodeCommand(
      example('hello-registry/examples/fury-netdri/fury-ca-contact-create-command.xml'),
    );
    if (req.command !== 'contact:create') throw new Error(req.command);
    expect(req.extensions.namespaces).toEqual([NS.fury]);
    expect(req.extensions.furyCreate?.map((p) => p.key)).toEqual(['AGREEMENT_VERSION', 'CPR', 'LANGUAGE']);
  });

  it('decodes a Fury property update as rem + add (Net-DRI .ca frame)', () => {
    const req = decodeCommand(
      example('hello-registry/examples/fury-netdri/fury-ca-contact-update-command-language.xml'),
    );
    if (req.command !== 'contact:update') throw new Error(req.command);
    expect(req.extensions.furyUpdate).toEqual({
      add: [{ key: 'LANGUAGE', values: ['FR'], remAll: false }],
      rem: [{ key: 'LANGUAGE', values: ['EN'], remAll: false }],
    });
  });

  it('decodes the extension-only property-definition query (no <command>, no clTRID)', () => {
    const req = decodeCommand(
      example('hello-registry/examples/fury-netdri/fury-ca-agreement-info-command.xml'),
    );
    expect(req).toEqual({
      command: 'fury:info',
      language: 'en',
      keys: ['AGREEMENT_VERSION'],
      extensions: { namespaces: [NS.fury] },
    });
  });

  it('decodes an RFC 3915 restore request on domain:update with an empty chg', () => {
    const req = decodeCommand(example('hello-registry/examples/rgp/rgp-restore-request-command.xml'));
    if (req.command !== 'domain:update') throw new Error(req.command);
    expect(req.extensions.rgpRestore).toEqual({ op: 'request', report: undefined });
    expect(req.chg).toEqual({ registrant: undefined, authInfo: undefined });
  });

  it('decodes transfer, renew, poll ack and hello', () => {
    expect(decodeCommand(example('examples/rfc5731/domain-transfer-request-command.xml'))).toMatchObject({
      command: 'domain:transfer',
      op: 'request',
      id: 'example.com',
      authInfo: '2fooBAR',
      period: { value: 1, unit: 'y' },
    });
    expect(decodeCommand(example('examples/rfc5731/domain-renew-command.xml'))).toMatchObject({
      command: 'domain:renew',
      curExpDate: '2000-04-03',
    });
    expect(decodeCommand(example('examples/rfc5730/poll-ack-command.xml'))).toMatchObject({
      command: 'poll',
      op: 'ack',
      msgID: '12345',
    });
    expect(decodeCommand(example('examples/rfc5730/hello-command.xml'))).toEqual({ command: 'hello' });
  });

  it('reports an object it does not implement instead of failing', () => {
    const req = decodeCommand(example('hello-registry/examples/org-rfc8543/org-check-command.xml'));
    expect(req.command).toBe('unimplemented');
  });

  it('refuses a document that is not an EPP command', () => {
    expect(() => decodeCommand('<foo/>')).toThrow(CommandDecodeError);
    expect(() => decodeCommand(`<epp xmlns="${NS.epp}"><response/></epp>`)).toThrow(CommandDecodeError);
  });
});
