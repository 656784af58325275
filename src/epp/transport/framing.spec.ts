import { encodeFrame, FrameDecoder, FrameError } from './framing';

const one = '<?xml version="1.0"?><epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><hello/></epp>';
const unicode = '<epp><x>Zoë ’s-Hertogenbosch 😀</x></epp>';

describe(FrameDecoder.name, () => {
  it('counts UTF-8 bytes and the 4-byte header in the length (RFC 5734 §4)', () => {
    const frame = encodeFrame(unicode);
    expect(frame.readUInt32BE(0)).toBe(4 + Buffer.byteLength(unicode, 'utf8'));
    expect(frame.readUInt32BE(0)).toBeGreaterThan(4 + unicode.length);
  });

  it('decodes a frame split at every possible point', () => {
    const frame = encodeFrame(unicode);
    for (let cut = 1; cut < frame.length; cut++) {
      const decoder = new FrameDecoder();
      expect(decoder.push(frame.subarray(0, cut))).toEqual([]);
      expect(decoder.push(frame.subarray(cut))).toEqual([unicode]);
      expect(decoder.pendingBytes).toBe(0);
    }
  });

  it('decodes two frames in one chunk and keeps a partial third', () => {
    const third = encodeFrame(one);
    const data = Buffer.concat([encodeFrame(one), encodeFrame(unicode), third.subarray(0, 7)]);
    const decoder = new FrameDecoder();
    expect(decoder.push(data)).toEqual([one, unicode]);
    expect(decoder.pendingBytes).toBe(7);
    expect(decoder.push(third.subarray(7))).toEqual([one]);
  });

  it('decodes one frame delivered over three chunks and byte by byte', () => {
    const frame = encodeFrame(one);
    const decoder = new FrameDecoder();
    expect(decoder.push(frame.subarray(0, 2))).toEqual([]);
    expect(decoder.push(frame.subarray(2, 30))).toEqual([]);
    expect(decoder.push(frame.subarray(30))).toEqual([one]);
    const bytewise = new FrameDecoder();
    const out: string[] = [];
    for (const b of frame) out.push(...bytewise.push(Buffer.from([b])));
    expect(out).toEqual([one]);
  });

  it('refuses a length below the header size', () => {
    const decoder = new FrameDecoder();
    expect(() => decoder.push(Buffer.from([0, 0, 0, 3]))).toThrow(FrameError);
  });

  it('refuses a 2 GB length without allocating it', () => {
    const decoder = new FrameDecoder(1024 * 1024);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(0x80000000, 0);
    expect(() => decoder.push(header)).toThrow(/exceeds the maximum/);
  });
});
