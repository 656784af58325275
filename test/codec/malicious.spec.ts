import fc from 'fast-check';
import {
  decodeFrame,
  decodeGreeting,
  decodeResponse,
  EppDecodeError,
  EppDecodeReason,
} from '../../src/epp/codec';
import { allFixtureFrames, fixture } from './decode-fixtures';

/** Runs the decoder and returns the typed error it must throw; fails the test on anything else. */
function refusal(
  input: string | Buffer,
  decode: (x: string | Buffer) => unknown = decodeFrame,
): EppDecodeError {
  try {
    decode(input);
  } catch (err) {
    expect(err).toBeInstanceOf(EppDecodeError);
    return err as EppDecodeError;
  }
  throw new Error('expected the decoder to refuse the frame');
}

const expectRefused = (input: string | Buffer, reason: EppDecodeReason) =>
  expect(refusal(input).reason).toBe(reason);

const EPP = 'urn:ietf:params:xml:ns:epp-1.0';
const ok = (msg: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><epp xmlns="${EPP}"><response><result code="1000"><msg>${msg}</msg></result><trID><svTRID>s</svTRID></trID></response></epp>`;

describe('malicious and broken frames (strict where safety is at stake)', () => {
  it('refuses a DOCTYPE', () => {
    expectRefused(
      `<?xml version="1.0"?><!DOCTYPE epp><epp xmlns="${EPP}"><response/></epp>`,
      'forbidden-xml',
    );
  });

  it('refuses an internal entity bomb (billion laughs) without expanding it', () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
      Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i ? i : ''};`.repeat(10)}">`).join(
        '',
      ) +
      `]><epp xmlns="${EPP}"><response><result code="1000"><msg>&lol9;</msg></result></response></epp>`;
    const started = Date.now();
    expectRefused(bomb, 'forbidden-xml');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses an external entity (SYSTEM) — no file is read', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE epp [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><epp xmlns="${EPP}"><response><result code="1000"><msg>&xxe;</msg></result></response></epp>`;
    const err = refusal(xxe);
    expect(err.reason).toBe('forbidden-xml');
    expect(err.message).not.toContain('root:');
  });

  it('refuses a reference to an undeclared entity even without a DOCTYPE', () => {
    expectRefused(ok('&xxe;'), 'forbidden-xml');
  });

  it('refuses a lowercase doctype and a parameter entity', () => {
    expectRefused(`<!doctype epp SYSTEM "http://evil/x.dtd"><epp xmlns="${EPP}"/>`, 'forbidden-xml');
    expectRefused(
      `<!DOCTYPE epp [<!ENTITY % p SYSTEM "http://evil/p">%p;]><epp xmlns="${EPP}"/>`,
      'forbidden-xml',
    );
  });

  it('refuses garbage bytes', () => {
    expectRefused(Buffer.from([0x00, 0xff, 0xfe, 0x13, 0x37, 0x00, 0x42]), 'malformed-xml');
    expectRefused('\u0000\u0001garbage', 'malformed-xml');
    expectRefused('{"json": "not xml"}', 'malformed-xml');
  });

  it('refuses truncated XML', () => {
    const full = ok('Command completed successfully');
    for (const cut of [5, 40, 90, full.length - 10, full.length - 1]) {
      expectRefused(full.slice(0, cut), 'malformed-xml');
    }
  });

  it('refuses empty and whitespace-only input', () => {
    expectRefused('', 'malformed-xml');
    expectRefused('   \n  ', 'malformed-xml');
    expectRefused(Buffer.alloc(0), 'malformed-xml');
  });

  it('refuses two root elements', () => {
    expectRefused(ok('a') + ok('b').replace(/^<\?xml[^>]*>/, ''), 'malformed-xml');
  });

  it('refuses a non-EPP root and a wrong EPP namespace', () => {
    expectRefused('<html><body>502 Bad Gateway</body></html>', 'not-epp');
    expectRefused(
      '<epp xmlns="urn:evil"><response><result code="1000"><msg>x</msg></result></response></epp>',
      'not-epp',
    );
  });

  it('refuses a frame that is neither greeting nor response', () => {
    expectRefused(`<epp xmlns="${EPP}"><surprise/></epp>`, 'unexpected-frame');
    expectRefused(`<epp xmlns="${EPP}"/>`, 'unexpected-frame');
  });

  it('turns parser limits (deep nesting) into a typed error instead of a crash', () => {
    const depth = 5000;
    const deep = `<epp xmlns="${EPP}"><response>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</response></epp>`;
    expectRefused(deep, 'malformed-xml');
  });

  it('turns an out-of-range character reference into a typed error', () => {
    expectRefused(ok('&#x110000;'), 'malformed-xml');
    expectRefused(ok('&#99999999999;'), 'malformed-xml');
  });

  it('decodes a 10 MB text node without blowing up', () => {
    const big = 'A'.repeat(10 * 1024 * 1024);
    const started = Date.now();
    const r = decodeResponse(ok(big));
    expect(r.results[0].message).toHaveLength(big.length);
    expect(Date.now() - started).toBeLessThan(30000);
  });

  it('decodes escaped markup as text, never as elements', () => {
    const r = decodeResponse(ok('&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt;'));
    expect(r.results[0].message).toBe('<script>alert(1)</script> ]]>');
    expect(r.unhandled).toEqual([]);
  });

  it('applies the same refusals to greetings', () => {
    expect(refusal(`<!DOCTYPE epp><epp xmlns="${EPP}"><greeting/></epp>`, decodeGreeting).reason).toBe(
      'forbidden-xml',
    );
    expect(refusal('<epp', decodeGreeting).reason).toBe('malformed-xml');
  });

  it('keeps error messages short and free of the frame content', () => {
    const secret = 'Jan Jansen, Hoofdstraat 1';
    const err = refusal(`<epp xmlns="${EPP}"><response><result code="1000"><msg>${secret}</msg></result>`);
    expect(err.message).not.toContain(secret);
    expect(err.message.length).toBeLessThan(300);
  });

  it('reports a broken wrapped result inside a DRS5 pollData instead of refusing the poll message', () => {
    const r = decodeResponse(
      `<epp xmlns="${EPP}"><response><result code="1301"><msg>ack</msg></result><msgQ count="1" id="9"/><resData><s:pollData xmlns:s="http://rxsd.domain-registry.nl/sidn-ext-epp-1.0"><s:command>domain:delete</s:command><s:data><trID><svTRID>1</svTRID></trID></s:data></s:pollData></resData><trID><svTRID>s</svTRID></trID></response></epp>`,
    );
    expect(r.msgQ?.id).toBe('9');
    expect(r.resData).toMatchObject({
      type: 'sidn:pollData',
      command: 'domain:delete',
      data: { results: [] },
    });
    expect(r.unhandled).toEqual(['epp/response/resData/s:pollData/s:data/result']);
  });
});

describe('fuzzing the decoder with mutated reference frames (never anything but a frame or a typed error)', () => {
  const frames = allFixtureFrames().map((f) => fixture(f).toString('utf8'));

  const decodesOrRefuses = (input: string | Buffer) => {
    try {
      const frame = decodeFrame(input);
      expect(['greeting', 'response']).toContain(frame.kind);
    } catch (err) {
      if (!(err instanceof EppDecodeError)) throw err;
    }
  };

  it('survives truncation, insertion and deletion anywhere in a real frame', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...frames),
        fc.nat(),
        fc.nat(),
        fc.string({ maxLength: 12 }),
        (frame, a, b, insert) => {
          const i = a % (frame.length + 1);
          const j = Math.min(frame.length, i + (b % 20));
          decodesOrRefuses(frame.slice(0, i) + insert + frame.slice(j));
          decodesOrRefuses(frame.slice(0, i));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('survives arbitrary bytes and arbitrary markup-like strings', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => decodesOrRefuses(Buffer.from(bytes))),
      { numRuns: 300 },
    );
    const markup = fc.array(
      fc.constantFrom(
        '<',
        '>',
        '/',
        '&',
        ';',
        '#',
        'x',
        'epp',
        'response',
        'result',
        '"',
        '=',
        ' ',
        '!',
        '?',
        ']]>',
        '<![CDATA[',
      ),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(markup, (parts) => decodesOrRefuses(`<epp xmlns="${EPP}">${parts.join('')}</epp>`)),
      { numRuns: 300 },
    );
  });
});
