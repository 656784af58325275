import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * The XML layer under the EPP codec: a namespace-aware element tree, a safe parser and a builder.
 * Every EPP frame in and out goes through here, so the security rules live in one place:
 * no DOCTYPE, no entity declarations, no entity expansion beyond XML's five predefined entities and
 * numeric character references; values are escaped by the XML library, never by hand.
 */

export interface XmlElement {
  /** Qualified name as written in the document, e.g. `domain:create`. */
  readonly name: string;
  /** Local part of the name, e.g. `create`. */
  readonly local: string;
  /** Resolved namespace URI ('' when none is in scope). */
  readonly ns: string;
  /** Attributes by name as written (namespace declarations excluded), values decoded. */
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Direct text content, decoded and concatenated (not trimmed). */
  readonly text: string;
}

export class XmlSecurityError extends Error {
  override readonly name = 'XmlSecurityError';
}
export class XmlSyntaxError extends Error {
  override readonly name = 'XmlSyntaxError';
}

const FORBIDDEN = /<!DOCTYPE|<!ENTITY|<!ELEMENT|<!ATTLIST|<!NOTATION/i;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
  cdataPropName: '#cdata',
});

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five predefined entities and numeric references; anything else is an error. */
export function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?/g, (match, ref: string) => {
    if (!match.endsWith(';')) throw new XmlSyntaxError('unterminated character reference');
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    const value = PREDEFINED[ref];
    if (value === undefined) throw new XmlSecurityError(`undeclared entity &${ref}; refused`);
    return value;
  });
}

type RawNode = Record<string, unknown> & { ':@'?: Record<string, string> };

/**
 * Parses one XML document into an element tree. Refuses DOCTYPE and entity declarations outright
 * (XXE, billion laughs) and anything that is not well-formed XML.
 */
export function parseXml(input: string | Buffer): XmlElement {
  const xml = typeof input === 'string' ? input : input.toString('utf8');
  if (FORBIDDEN.test(xml))
    throw new XmlSecurityError('DOCTYPE and entity declarations are not allowed in EPP');
  const trimmed = xml.trim();
  if (!trimmed.startsWith('<')) throw new XmlSyntaxError('not XML: a document must start with "<"');
  try {
    const valid = XMLValidator.validate(trimmed, { allowBooleanAttributes: false });
    if (valid !== true) {
      throw new XmlSyntaxError(
        `not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`,
      );
    }
    const nodes = parser.parse(trimmed) as RawNode[];
    const roots = nodes.filter((n) => elementName(n) !== undefined);
    if (roots.length !== 1) throw new XmlSyntaxError(`expected one root element, found ${roots.length}`);
    return toElement(roots[0], new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
  } catch (error) {
    if (error instanceof XmlSecurityError || error instanceof XmlSyntaxError) throw error;
    // Hostile input (nesting deep enough to exhaust the stack, a code point beyond U+10FFFF, ...)
    // must surface as the same typed error as any other unreadable document.
    throw new XmlSyntaxError(`unreadable XML: ${error instanceof Error ? error.name : 'error'}`);
  }
}

function elementName(node: RawNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@' && k !== '#text' && k !== '#cdata');
}

function toElement(node: RawNode, inherited: Map<string, string>): XmlElement {
  const name = elementName(node)!;
  const rawAttrs = node[':@'] ?? {};
  let scope = inherited;
  const attrs: Record<string, string> = {};
  for (const [key, value] of Object.entries(rawAttrs)) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) {
      if (scope === inherited) scope = new Map(inherited);
      scope.set(key === 'xmlns' ? '' : key.slice(6), decodeEntities(value));
    } else {
      attrs[key] = decodeEntities(value);
    }
  }
  const colon = name.indexOf(':');
  const prefix = colon >= 0 ? name.slice(0, colon) : '';
  const local = colon >= 0 ? name.slice(colon + 1) : name;
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[name] as RawNode[]) ?? []) {
    if ('#text' in child) text += decodeEntities(String(child['#text']));
    else if ('#cdata' in child) {
      for (const part of child['#cdata'] as RawNode[]) text += String(part['#text'] ?? '');
    } else if (elementName(child) !== undefined) children.push(toElement(child, scope));
  }
  return { name, local, ns: scope.get(prefix) ?? '', attrs, children, text };
}

// ---- queries ---------------------------------------------------------------------------------

/** First child with this namespace and local name (namespace `*` matches any). */
export function child(el: XmlElement | undefined, ns: string, local: string): XmlElement | undefined {
  return el?.children.find((c) => c.local === local && (ns === '*' || c.ns === ns));
}

export function childrenOf(el: XmlElement | undefined, ns: string, local: string): XmlElement[] {
  return el ? el.children.filter((c) => c.local === local && (ns === '*' || c.ns === ns)) : [];
}

/** Trimmed text of the first matching child, or undefined when the child is absent. */
export function childText(el: XmlElement | undefined, ns: string, local: string): string | undefined {
  const c = child(el, ns, local);
  return c === undefined ? undefined : c.text.trim();
}

/** Depth-first search by local name and namespace. */
export function find(el: XmlElement | undefined, ns: string, local: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) {
    if (c.local === local && (ns === '*' || c.ns === ns)) return c;
    const deeper = find(c, ns, local);
    if (deeper) return deeper;
  }
  return undefined;
}

// ---- building --------------------------------------------------------------------------------

/** A node to serialise: an element with attributes and children, or text. */
export type XmlNode = XmlBuildElement | string;
export interface XmlBuildElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string | number | undefined>>;
  readonly children: readonly XmlNode[];
}

/**
 * Element constructor. `undefined` / `null` / `false` children are dropped, so optional parts read
 * naturally: `el('domain:period', { unit: 'y' }, [String(years)])`, `cond && el(...)`.
 */
export function el(
  name: string,
  attrs: Record<string, string | number | undefined> = {},
  children: ReadonlyArray<XmlNode | undefined | null | false> = [],
): XmlBuildElement {
  return {
    name,
    attrs,
    children: children.filter((c): c is XmlNode => c !== undefined && c !== null && c !== false),
  };
}

/** Shorthand for an element holding only text: `leaf('domain:name', 'example.nl')`. */
export function leaf(
  name: string,
  text: string | number,
  attrs: Record<string, string | number | undefined> = {},
) {
  return el(name, attrs, [String(text)]);
}

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: true,
  format: false,
  processEntities: true,
});

type BuilderNode = Record<string, unknown>;

function toBuilderNode(node: XmlNode): BuilderNode {
  if (typeof node === 'string') return { '#text': node };
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(node.attrs)) if (v !== undefined) attrs['@_' + k] = String(v);
  const out: BuilderNode = { [node.name]: node.children.map(toBuilderNode) };
  if (Object.keys(attrs).length) out[':@'] = attrs;
  return out;
}

// XML 1.0 allows only these characters; anything else would make the frame unparseable.
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export class XmlValueError extends Error {
  override readonly name = 'XmlValueError';
}

function assertXmlSafe(node: XmlNode): void {
  if (typeof node === 'string') {
    if (INVALID_XML_CHARS.test(node))
      throw new XmlValueError('value contains a character XML 1.0 cannot carry');
    return;
  }
  for (const v of Object.values(node.attrs)) {
    if (typeof v === 'string' && INVALID_XML_CHARS.test(v)) {
      throw new XmlValueError('attribute contains a character XML 1.0 cannot carry');
    }
  }
  node.children.forEach(assertXmlSafe);
}

/** Serialises a document with the XML declaration EPP frames carry. */
export function serializeXml(root: XmlBuildElement): string {
  assertXmlSafe(root);
  return '<?xml version="1.0" encoding="UTF-8" standalone="no"?>' + builder.build([toBuilderNode(root)]);
}
