import { decodeFrame, EppDecodeError, isCommandFrame } from '../../src/epp/codec';
import { allFixtureFrames, fixture } from './decode-fixtures';

/**
 * Golden run over every frame in the reference pack: RFC 5730-5733 examples, Fury-platform frames
 * (Hello Registry's software) and DRS5 fixtures. Each frame is classified by its name, which the pack
 * gives every frame (`*-command*`, `_command_`, `*Request*`, `requests_*` are client frames).
 */
const FRAMES = allFixtureFrames();

// nfg.sidnepp's test frame is a contact:create command whose name does not say so.
const isClientFrameName = (f: string) =>
  /(^|[-_/])command([-_.]|$)/.test(f) ||
  /Request_/.test(f) ||
  /\/requests_/.test(f) ||
  f === 'sidn-fixtures/nfg-sidnepp/tests.py_contact-create-legalForm-BV.xml';

/** Fragments without namespace declarations (copied from doc comments): what the decoder does with each. */
const FRAGMENTS: Record<string, EppDecodeError['reason']> = {
  // root is <extension>, not <epp>
  'sidn-fixtures/php-epp-client/sidnEppCheckResponse_ext-F0019-F0018.fragment.xml': 'not-epp',
  'sidn-fixtures/php-epp-client/sidnEppCreateContactRequest_ext-legalForm.fragment.xml': 'not-epp',
  // cut off in the source comment: not well-formed
  'sidn-fixtures/php-epp-client/sidnEppPollResponse_pollData-domain-transfer.fragment.xml': 'malformed-xml',
};

/** Responses with parts the decoder reports instead of understanding; every other response reports none. */
const EXPECTED_UNHANDLED: Record<string, string[]> = {
  'examples/rfc5730/generic-check-response-obj.xml': ['epp/response/resData/obj:chkData'],
  'examples/rfc5730/generic-create-response-obj.xml': ['epp/response/resData/obj:creData'],
  'examples/rfc5730/generic-info-response-obj.xml': ['epp/response/resData/obj:infData'],
  'examples/rfc5730/generic-renew-response-obj.xml': ['epp/response/resData/obj:renData'],
  'examples/rfc5730/generic-response-resdata-obj.xml': ['epp/response/resData/obj:creData'],
  'examples/rfc5730/generic-transfer-query-response-obj.xml': ['epp/response/resData/obj:trnData'],
  'examples/rfc5730/generic-transfer-request-response-obj.xml': ['epp/response/resData/obj:trnData'],
  'examples/rfc5730/poll-req-response-obj.xml': ['epp/response/resData/obj:trnData'],
  'examples/rfc5730/poll-req-response-mixed-message.xml': [
    'epp/response/msgQ/msg/limit',
    'epp/response/msgQ/msg/bal',
  ],
  'hello-registry/examples/org-rfc8543/org-check-response.xml': ['epp/response/resData/org:chkData'],
  'hello-registry/examples/org-rfc8543/org-create-response.xml': ['epp/response/resData/org:creData'],
  'hello-registry/examples/org-rfc8543/org-info-response.xml': ['epp/response/resData/org:infData'],
  // placeholder `??` booleans in a synthetic fixture
  'sidn-fixtures/sandwave-epp-client-php/responses_domain_info_sidn.xml': [
    'epp/response/extension/sidn-ext-epp:ext/sidn-ext-epp:infData/sidn-ext-epp:domain/sidn-ext-epp:optOut',
    'epp/response/extension/sidn-ext-epp:ext/sidn-ext-epp:infData/sidn-ext-epp:domain/sidn-ext-epp:limited',
  ],
};

const GREETINGS = [
  'examples/rfc5730/greeting.xml',
  'hello-registry/examples/cira-platform-live/cira-greeting-2023.xml',
];

describe('decoding every reference frame (golden run)', () => {
  it('finds the whole reference pack', () => {
    expect(FRAMES.length).toBeGreaterThanOrEqual(150);
    for (const f of [...Object.keys(FRAGMENTS), ...Object.keys(EXPECTED_UNHANDLED), ...GREETINGS]) {
      expect(FRAMES).toContain(f);
    }
  });

  const fragments = FRAMES.filter((f) => f in FRAGMENTS);
  const clients = FRAMES.filter((f) => !(f in FRAGMENTS) && isClientFrameName(f));
  const greetings = FRAMES.filter((f) => GREETINGS.includes(f));
  const responses = FRAMES.filter(
    (f) => !(f in FRAGMENTS) && !isClientFrameName(f) && !GREETINGS.includes(f),
  );

  it('classifies every frame exactly once', () => {
    expect(fragments.length + clients.length + greetings.length + responses.length).toBe(FRAMES.length);
    expect(clients.length).toBeGreaterThanOrEqual(60);
    expect(responses.length).toBeGreaterThanOrEqual(70);
  });

  it.each(responses)('decodes response %s', (f) => {
    const frame = decodeFrame(fixture(f));
    expect(frame.kind).toBe('response');
    if (frame.kind !== 'response') return;
    const { response } = frame;
    expect(response.results.length).toBeGreaterThan(0);
    for (const r of response.results) {
      expect(r.code).toBeGreaterThanOrEqual(1000);
      expect(r.code).toBeLessThanOrEqual(2502);
      expect(r.message.length).toBeGreaterThan(0);
    }
    expect(response.trID.svTRID).toBeTruthy();
    expect(response.unhandled).toEqual(EXPECTED_UNHANDLED[f] ?? []);
    // Every frame whose resData the decoder does not report as unhandled is understood.
    if (/<(\w+:)?resData>/.test(fixture(f).toString('utf8')) && !(f in EXPECTED_UNHANDLED)) {
      expect(response.resData).toBeDefined();
    }
    // Decoded output is plain data: it survives JSON (the CLI prints it that way).
    expect(JSON.parse(JSON.stringify(response))).toEqual(response);
  });

  it.each(greetings)('decodes greeting %s', (f) => {
    const frame = decodeFrame(fixture(f));
    expect(frame.kind).toBe('greeting');
  });

  it.each(clients)('refuses client frame %s as a response, with a typed error', (f) => {
    expect(isCommandFrame(fixture(f))).toBe(true);
    let caught: unknown;
    try {
      decodeFrame(fixture(f));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EppDecodeError);
    expect((caught as EppDecodeError).reason).toBe('command-frame');
  });

  it.each(fragments)('refuses fragment %s cleanly', (f) => {
    let caught: unknown;
    try {
      decodeFrame(fixture(f));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EppDecodeError);
    expect((caught as EppDecodeError).reason).toBe(FRAGMENTS[f]);
    expect(isCommandFrame(fixture(f))).toBe(false);
  });
});
