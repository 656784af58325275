import { decodeGreetingElement, Greeting } from '../greeting';
import { EppDecodeError } from './decode-error';
import { eppChild, frameKindOf, parseEppDocument } from './parse';
import { decodeResponseElement } from './response.decoder';
import { EppResponse } from './types';

export type EppFrame = { kind: 'greeting'; greeting: Greeting } | { kind: 'response'; response: EppResponse };

/**
 * Decodes a frame from the server: a greeting or a response. Anything else (a client command, an
 * unknown root, unsafe or malformed XML, a response without result) is an `EppDecodeError`.
 */
export function decodeFrame(xml: string | Buffer): EppFrame {
  const root = parseEppDocument(xml);
  const kind = frameKindOf(root);
  switch (kind) {
    case 'greeting':
      return { kind, greeting: decodeGreetingElement(eppChild(root, 'greeting')!) };
    case 'response': {
      const el = eppChild(root, 'response')!;
      return { kind, response: decodeResponseElement(el, `${root.name}/${el.name}`, true) };
    }
    case 'command':
    case 'hello':
    case 'extension':
      throw new EppDecodeError('command-frame', `a client frame (<${kind}>) is not a server frame`);
    default:
      throw new EppDecodeError('unexpected-frame', 'EPP frame is neither a greeting nor a response');
  }
}

/** Decodes a response frame; a greeting or a command here is an `EppDecodeError`. */
export function decodeResponse(xml: string | Buffer): EppResponse {
  const frame = decodeFrame(xml);
  if (frame.kind !== 'response')
    throw new EppDecodeError('unexpected-frame', 'expected an EPP response, got a greeting');
  return frame.response;
}

/**
 * True when the frame is a client frame: `<command>`, `<hello>`, or an extension-only command
 * (Fury's property query, DRS5's cancelDelete). False for anything else, including unparseable input.
 */
export function isCommandFrame(xml: string | Buffer): boolean {
  try {
    const kind = frameKindOf(parseEppDocument(xml));
    return kind === 'command' || kind === 'hello' || kind === 'extension';
  } catch {
    return false;
  }
}
