import { parseXml, type XmlElement } from '../../src/epp/codec/xml';

/**
 * A prefix-free view of an EPP frame for golden comparisons: namespace URI + local name,
 * attributes (namespace declarations and `xsi:schemaLocation` hints dropped), trimmed text and
 * children in document order. Two frames are equivalent when their normal forms are equal.
 */
export interface NormalNode {
  readonly ns: string;
  readonly local: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly text: string;
  readonly children: readonly NormalNode[];
}

export interface NormalizeOptions {
  /**
   * `blank` (default): clTRID elements stay, their values are ignored. `drop`: clTRID elements are
   * removed, for fixtures that omit the (optional, RFC 5730 §2.5) clTRID altogether.
   */
  readonly clTRID?: 'blank' | 'drop';
}

const isClTRID = (e: XmlElement) => e.local === 'clTRID';

function normalize(e: XmlElement, opts: NormalizeOptions): NormalNode {
  const attrs: Record<string, string> = {};
  for (const key of Object.keys(e.attrs).sort()) {
    if (key === 'xsi:schemaLocation') continue;
    attrs[key] = e.attrs[key];
  }
  const children = e.children
    .filter((c) => !(opts.clTRID === 'drop' && isClTRID(c)))
    .map((c) => normalize(c, opts));
  return { ns: e.ns, local: e.local, attrs, text: isClTRID(e) ? '' : e.text.trim(), children };
}

export function normalizeFrame(xml: string, opts: NormalizeOptions = {}): NormalNode {
  return normalize(parseXml(xml), opts);
}
