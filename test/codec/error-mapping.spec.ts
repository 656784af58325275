import {
  decodeResponse,
  EppError,
  EppErrorCode,
  EppResponse,
  errorFromResponse,
  RFC_ERROR_PROFILE,
} from '../../src/epp/codec';
import {
  drs5Profile,
  getProfile,
  helloProfile,
  PROFILES,
  registryErrorFromResponse,
} from '../../src/registry-sidn/profiles';
import { fixture } from './decode-fixtures';

const EPP = 'urn:ietf:params:xml:ns:epp-1.0';
const SIDN = 'http://rxsd.domain-registry.nl/sidn-ext-epp-1.0';

function sidnResponse(code: number, messages: [string, string, string?][]): EppResponse {
  const msgs = messages
    .map(
      ([c, text, field]) =>
        `<s:msg code="${c}"${field !== undefined ? ` field="${field}"` : ''}>${text}</s:msg>`,
    )
    .join('');
  return decodeResponse(
    `<epp xmlns="${EPP}"><response><result code="${code}"><msg>Validation of the transaction failed.</msg></result><extension><s:ext xmlns:s="${SIDN}"><s:response>${msgs}</s:response></s:ext></extension><trID><clTRID>c1</clTRID><svTRID>s1</svTRID></trID></response></epp>`,
  );
}

function furyResponse(code: number, ciraCode: string | null, reason = 'reason text'): EppResponse {
  const ext = ciraCode
    ? `<extValue><value><fury:ciraCode>${ciraCode}</fury:ciraCode></value><reason>${reason}</reason></extValue>`
    : '';
  return decodeResponse(
    `<epp xmlns="${EPP}" xmlns:fury="urn:ietf:params:xml:ns:fury-2.1"><response><result code="${code}"><msg>Generic message</msg>${ext}</result><trID><clTRID>c2</clTRID><svTRID>s2</svTRID></trID></response></epp>`,
  );
}

describe('errorFromResponse', () => {
  it('keeps the registry reason but not the submitted values it quotes', () => {
    const err = errorFromResponse(
      helloProfile,
      furyResponse(
        2001,
        '9001',
        "Element 'contact:voice': [facet 'pattern'] The value '+31.6123456789012345' is not accepted by the pattern",
      ),
    );
    expect(err?.reason).toBe("Element '…': [facet '…'] The value '…' is not accepted by the pattern");
    expect(err?.reason).not.toContain('6123456789');
  });

  it('returns null for a success (RFC 5730 §3: 1xxx)', () => {
    expect(
      errorFromResponse(helloProfile, decodeResponse(fixture('examples/rfc5731/domain-create-response.xml'))),
    ).toBeNull();
    expect(
      errorFromResponse(
        drs5Profile,
        decodeResponse(fixture('examples/rfc5731/domain-create-response-1001-pending.xml')),
      ),
    ).toBeNull();
  });

  it('builds an EppError with result code, reason and both transaction ids', () => {
    const err = errorFromResponse(
      helloProfile,
      decodeResponse(
        fixture('hello-registry/examples/fury-metaregistrar/fury-error-response-2303-ciraCode-8010.xml'),
      ),
    );
    expect(err).toBeInstanceOf(EppError);
    expect(err).toMatchObject({
      code: EppErrorCode.ObjectDoesNotExist,
      resultCode: 2303,
      reason: 'Domain name does not exist',
      registryCode: '8010',
      clTRID: 'ABC-12345',
      svTRID: '54322-XYZ',
    });
    expect(err?.permanent).toBe(true);
  });

  it('keeps submitted values out of the error message (they may be personal data)', () => {
    const r = decodeResponse(
      `<epp xmlns="${EPP}"><response><result code="2005"><msg>Parameter value syntax error</msg><value><contact:email xmlns:contact="urn:ietf:params:xml:ns:contact-1.0">jan@example.nl</contact:email></value></result><trID><svTRID>s</svTRID></trID></response></epp>`,
    );
    const err = errorFromResponse(RFC_ERROR_PROFILE, r)!;
    expect(err.code).toBe(EppErrorCode.ParameterSyntax);
    expect(err.message).not.toContain('jan@example.nl');
    expect(err.reason).not.toContain('jan@example.nl');
  });

  it('uses the RFC meaning alone with the neutral profile', () => {
    const err = errorFromResponse(RFC_ERROR_PROFILE, sidnResponse(2305, [['C0079b', 'gekoppeld']]))!;
    expect(err.code).toBe(EppErrorCode.ObjectAssociationProhibits);
    expect(err.registryCode).toBeUndefined();
    expect(err.reason).toBe('Validation of the transaction failed.');
  });
});

describe('hello profile: result code + Fury ciraCode', () => {
  it('maps 2303 + ciraCode 8010 to ObjectDoesNotExist (metaregistrar furyEppException)', () => {
    expect(
      helloProfile.mapRegistryError(furyResponse(2303, '8010').results[0], furyResponse(2303, '8010')),
    ).toBe(EppErrorCode.ObjectDoesNotExist);
  });

  it('maps the unprefixed ciraCode 6010 (host does not exist, .nz)', () => {
    const r = decodeResponse(
      fixture('hello-registry/examples/cira-platform-live/cira-nz-host-info-response-2303-ciraCode.xml'),
    );
    const err = errorFromResponse(helloProfile, r)!;
    expect(err).toMatchObject({
      code: EppErrorCode.ObjectDoesNotExist,
      registryCode: '6010',
      reason: 'Host does not exist',
    });
  });

  it('maps ciraCode 8473 (authorization password expired) to InvalidAuthorizationInfo whatever the result code', () => {
    const r = furyResponse(2201, '8473', 'Authorization password has expired.');
    expect(errorFromResponse(helloProfile, r)?.code).toBe(EppErrorCode.InvalidAuthorizationInfo);
  });

  it('falls back to the RFC meaning for an unknown ciraCode and keeps code and reason (RFC 5730 §3)', () => {
    const err = errorFromResponse(
      helloProfile,
      furyResponse(2306, '9999', 'Registrant must have a legal form'),
    )!;
    expect(err).toMatchObject({
      code: EppErrorCode.ParameterPolicy,
      registryCode: '9999',
      reason: 'Registrant must have a legal form',
    });
  });

  it('uses the result message as reason when there is no extValue', () => {
    const err = errorFromResponse(helloProfile, furyResponse(2302, null))!;
    expect(err).toMatchObject({ code: EppErrorCode.ObjectExists, reason: 'Generic message' });
    expect(err.registryCode).toBeUndefined();
  });
});

describe('drs5 profile: result code + SIDN message code', () => {
  const cases: [string, number, EppErrorCode][] = [
    ['C0024', 2302, EppErrorCode.ObjectExists],
    ['C0079b', 2305, EppErrorCode.ObjectAssociationProhibits],
    ['C0001b', 2304, EppErrorCode.StatusProhibitsOperation],
    ['F0019', 2005, EppErrorCode.ParameterSyntax],
    ['F0018', 2308, EppErrorCode.ParameterPolicy],
    ['C0115', 2400, EppErrorCode.AuthorizationError],
    ['T0003', 2200, EppErrorCode.AuthenticationError],
    ['C0033a', 2200, EppErrorCode.ParameterPolicy],
    ['C0013', 2400, EppErrorCode.AuthorizationError],
  ];
  it.each(cases)(
    'maps %s (with result %i) to %s (DRS5 manual §6.2.4 message codes)',
    (code, result, expected) => {
      const err = errorFromResponse(drs5Profile, sidnResponse(result, [[code, 'tekst']]))!;
      expect(err.code).toBe(expected);
      expect(err.registryCode).toBe(code);
      expect(err.reason).toBe('tekst');
    },
  );

  it('makes a 2400 with C0013 (registrar not active) permanent, although a bare 2400 is transient', () => {
    expect(errorFromResponse(drs5Profile, sidnResponse(2400, [['C0013', 'niet actief']]))?.permanent).toBe(
      true,
    );
    expect(errorFromResponse(drs5Profile, sidnResponse(2400, []))?.permanent).toBe(false);
  });

  it('picks the message that agrees with the result code (F0001 + T0002 on a 2303)', () => {
    const r = decodeResponse(fixture('sidn-fixtures/net-dri/SIDN_L042_response_2303-msg.xml'));
    const err = errorFromResponse(drs5Profile, r)!;
    expect(err).toMatchObject({
      code: EppErrorCode.ObjectDoesNotExist,
      registryCode: 'T0002',
      reason: 'De opgegeven handle is onbekend.',
    });
  });

  it('maps the trimmed " T0003" code from SIDN\'s own example', () => {
    expect(
      errorFromResponse(drs5Profile, sidnResponse(2200, [[' T0003', 'Onbekend', 'registrarnummer']])),
    ).toMatchObject({
      code: EppErrorCode.AuthenticationError,
      registryCode: 'T0003',
    });
  });

  it('reads the C0033a fixture: new password too short is a policy error with its Dutch-registry text', () => {
    const r = decodeResponse(
      fixture('sidn-fixtures/php-epp-client/sidnEppException_response-2200-C0033a.xml'),
    );
    expect(errorFromResponse(drs5Profile, r)).toMatchObject({
      code: EppErrorCode.ParameterPolicy,
      resultCode: 2200,
      registryCode: 'C0033a',
      reason: 'Invalid password: a password must contain a minimum of 10 characters.',
      svTRID: 'D3074A84-6928-DA21-1790-A50F2AC086EC',
    });
  });

  it('falls back to the result code for an unknown message code and keeps it', () => {
    const err = errorFromResponse(drs5Profile, sidnResponse(2303, [['T0099', 'onbekend']]))!;
    expect(err).toMatchObject({
      code: EppErrorCode.ObjectDoesNotExist,
      registryCode: 'T0099',
      reason: 'onbekend',
    });
  });

  it('maps a DRS5 2400 without messages to CommandFailed (transient)', () => {
    const err = errorFromResponse(drs5Profile, sidnResponse(2400, []))!;
    expect(err.code).toBe(EppErrorCode.CommandFailed);
  });
});

describe('profiles registry', () => {
  it('exposes both profiles by name', () => {
    expect(getProfile('hello')).toBe(helloProfile);
    expect(getProfile('drs5')).toBe(drs5Profile);
    expect(Object.keys(PROFILES).sort()).toEqual(['drs5', 'hello']);
  });

  it('maps by profile name as well as by profile object', () => {
    const r = sidnResponse(2302, [['C0024', 'Domeinnaam is al actief']]);
    expect(registryErrorFromResponse('drs5', r)).toMatchObject({
      code: EppErrorCode.ObjectExists,
      registryCode: 'C0024',
    });
    expect(registryErrorFromResponse('hello', r)?.registryCode).toBeUndefined();
    expect(registryErrorFromResponse(drs5Profile, r)?.registryCode).toBe('C0024');
  });
});
