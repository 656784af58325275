import { NS } from '../namespaces';
import { parseXml, XmlElement, XmlSecurityError, XmlSyntaxError } from '../xml';
import { EppDecodeError } from './decode-error';

/** Decodes bytes as the document declares: UTF-8 by default, ISO-8859-1 when declared (DRS5 allowed it). */
function toText(input: string | Buffer): string {
  if (typeof input === 'string') return input;
  const head = input.subarray(0, 100).toString('latin1');
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
  if (declared === 'iso-8859-1' || declared === 'latin1' || declared === 'latin-1')
    return input.toString('latin1');
  return input.toString('utf8');
}

/**
 * Parses a frame with the safe XML layer and checks that it is an EPP document. Every failure is an
 * `EppDecodeError`: the parser's own errors, and whatever the underlying library throws on hostile
 * input (nesting limits, invalid code points), so a bad frame can never surface as an untyped crash.
 */
export function parseEppDocument(input: string | Buffer): XmlElement {
  let root: XmlElement;
  try {
    root = parseXml(toText(input));
  } catch (err) {
    if (err instanceof XmlSecurityError)
      throw new EppDecodeError('forbidden-xml', err.message, { cause: err });
    if (err instanceof XmlSyntaxError) throw new EppDecodeError('malformed-xml', err.message, { cause: err });
    const detail = err instanceof Error ? err.message : String(err);
    throw new EppDecodeError('malformed-xml', `not a usable XML document: ${detail.slice(0, 200)}`, {
      cause: err,
    });
  }
  if (root.local !== 'epp' || !isEppNs(root.ns)) {
    throw new EppDecodeError('not-epp', `root element <${root.name}> is not an EPP <epp> element`);
  }
  return root;
}

/** EPP core elements are matched in the EPP namespace, or with no namespace at all (lenient). */
export function isEppNs(ns: string): boolean {
  return ns === NS.epp || ns === '';
}

export function eppChild(el: XmlElement | undefined, local: string): XmlElement | undefined {
  return el?.children.find((c) => c.local === local && isEppNs(c.ns));
}

export function eppChildren(el: XmlElement | undefined, local: string): XmlElement[] {
  return el ? el.children.filter((c) => c.local === local && isEppNs(c.ns)) : [];
}

/** The frame kind under `<epp>`: the first EPP child element. */
export type EppFrameKind = 'greeting' | 'response' | 'command' | 'hello' | 'extension' | 'unknown';

export function frameKindOf(root: XmlElement): EppFrameKind {
  const first = root.children.find((c) => isEppNs(c.ns));
  switch (first?.local) {
    case 'greeting':
    case 'response':
    case 'command':
    case 'hello':
    case 'extension':
      return first.local;
    default:
      return 'unknown';
  }
}
