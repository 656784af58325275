/**
 * RFC 5734 §4 framing: each EPP data unit is preceded by a 4-byte big-endian length that counts
 * the header itself plus the UTF-8 bytes of the XML. No sockets here: the decoder is fed chunks and
 * returns whole frames, so it is tested at every split point.
 */
export const HEADER_BYTES = 4;
/** Default cap on a frame; a peer announcing more is treated as broken, never allocated. */
export const DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;

export class FrameError extends Error {
  override readonly name = 'FrameError';
}

export function encodeFrame(xml: string): Buffer {
  const body = Buffer.from(xml, 'utf8');
  const frame = Buffer.allocUnsafe(HEADER_BYTES + body.length);
  frame.writeUInt32BE(HEADER_BYTES + body.length, 0);
  body.copy(frame, HEADER_BYTES);
  return frame;
}

export class FrameDecoder {
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;

  constructor(private readonly maxFrameBytes: number = DEFAULT_MAX_FRAME_BYTES) {}

  /**
   * Feeds bytes; returns every frame completed by them (zero, one or several), as UTF-8 text.
   * Throws FrameError for a length below the header size or above the maximum: the connection is
   * then unusable, because the stream can no longer be re-synchronised.
   */
  push(chunk: Buffer): string[] {
    this.buffered.push(chunk);
    this.bufferedBytes += chunk.length;
    const frames: string[] = [];
    for (;;) {
      if (this.bufferedBytes < HEADER_BYTES) return frames;
      const data = this.flatten();
      const length = data.readUInt32BE(0);
      if (length < HEADER_BYTES)
        throw new FrameError(`invalid frame length ${length}: below the ${HEADER_BYTES}-byte header`);
      if (length > this.maxFrameBytes) {
        throw new FrameError(`frame length ${length} exceeds the maximum of ${this.maxFrameBytes} bytes`);
      }
      if (data.length < length) return frames;
      frames.push(data.subarray(HEADER_BYTES, length).toString('utf8'));
      const rest = data.subarray(length);
      this.buffered = rest.length ? [rest] : [];
      this.bufferedBytes = rest.length;
    }
  }

  /** Bytes received that do not yet form a whole frame (a peer closing here truncated a frame). */
  get pendingBytes(): number {
    return this.bufferedBytes;
  }

  private flatten(): Buffer {
    if (this.buffered.length > 1) this.buffered = [Buffer.concat(this.buffered, this.bufferedBytes)];
    return this.buffered[0];
  }
}
