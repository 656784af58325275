import { encodeContactCreate, encodeDomainCheck, encodeLogin, encodePollAck } from '../codec/commands';
import { summarizeCommandFrame } from './command-summary';

const ctx = { clTRID: 'HO-1-1-abcdef', extensions: new Set<string>(), profile: 'hello' as const };

describe(summarizeCommandFrame.name, () => {
  it('names the object command and its identifier', () => {
    expect(summarizeCommandFrame(encodeDomainCheck({ names: ['a.nl', 'b.nl'] }, ctx))).toEqual({
      command: 'domain:check',
      objectId: 'a.nl,b.nl',
      clTRID: 'HO-1-1-abcdef',
    });
  });

  it('summarises a login by client id only, never the password', () => {
    const xml = encodeLogin(
      {
        clientId: 'registrar1',
        password: 'Login-Secret-123',
        objURIs: ['urn:ietf:params:xml:ns:domain-1.0'],
        extURIs: [],
      },
      'HO-2',
    );
    const summary = summarizeCommandFrame(xml);
    expect(summary).toEqual({ command: 'login', objectId: 'registrar1', clTRID: 'HO-2' });
    expect(JSON.stringify(summary)).not.toContain('Login-Secret-123');
  });

  it('keeps a contact create to its opaque id: no name, address, phone or e-mail', () => {
    const xml = encodeContactCreate(
      {
        id: 'k3J9xQ2m',
        postalInfo: {
          type: 'loc',
          name: 'Piet Pietersen',
          addr: { street: ['Kerkstraat 5'], city: 'Delft', pc: '2611AB', cc: 'NL' },
        },
        voice: { number: '+31.612345678' },
        email: 'piet@example.nl',
        authInfo: 'x-Auth-Info-1',
      },
      ctx,
    );
    const text = JSON.stringify(summarizeCommandFrame(xml));
    expect(text).toBe(
      JSON.stringify({ command: 'contact:create', objectId: 'k3J9xQ2m', clTRID: 'HO-1-1-abcdef' }),
    );
  });

  it('names poll operations with the message id', () => {
    expect(summarizeCommandFrame(encodePollAck('777', 'HO-3'))).toEqual({
      command: 'poll:ack',
      objectId: '777',
      clTRID: 'HO-3',
    });
  });

  it('does not throw on garbage', () => {
    expect(summarizeCommandFrame('not xml')).toEqual({ command: 'unparseable' });
  });
});
