import { XmlElement } from '../xml';
import { ObjectStatus, TrID } from './types';
import { eppChild } from './parse';

/** Collects the paths of elements the decoder saw but did not understand. */
export class DecodeNotes {
  readonly unhandled: string[] = [];

  add(path: string): void {
    if (!this.unhandled.includes(path)) this.unhandled.push(path);
  }

  /** Reports every child of `el` that is not one of `known` local names in namespace `ns`. */
  others(el: XmlElement, path: string, ns: string | readonly string[], known: readonly string[]): void {
    const spaces = typeof ns === 'string' ? [ns] : ns;
    for (const c of el.children) {
      if (!spaces.includes(c.ns) || !known.includes(c.local)) this.add(`${path}/${c.name}`);
    }
  }
}

export function pathOf(parent: string, el: XmlElement): string {
  return `${parent}/${el.name}`;
}

/** Trimmed text of a child, undefined when absent. */
export function text(el: XmlElement | undefined, ns: string, local: string): string | undefined {
  const c = el?.children.find((x) => x.local === local && x.ns === ns);
  return c === undefined ? undefined : c.text.trim();
}

/** Trimmed text of a child, '' when absent (for elements the RFC requires but a registry may omit). */
export function required(el: XmlElement | undefined, ns: string, local: string): string {
  return text(el, ns, local) ?? '';
}

export function texts(el: XmlElement | undefined, ns: string, local: string): string[] {
  return el ? el.children.filter((c) => c.local === local && c.ns === ns).map((c) => c.text.trim()) : [];
}

/** XML Schema boolean: true/1, false/0; anything else is not understood (undefined). */
export function parseBoolean(value: string | undefined): boolean | undefined {
  switch (value?.trim()) {
    case 'true':
    case '1':
      return true;
    case 'false':
    case '0':
      return false;
    default:
      return undefined;
  }
}

export function parseInteger(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return /^[+-]?\d+$/.test(trimmed) ? Number.parseInt(trimmed, 10) : undefined;
}

/** Status elements `<x:status s="ok" lang="en">text</x:status>`. */
export function statuses(el: XmlElement, ns: string): ObjectStatus[] {
  return el.children
    .filter((c) => c.local === 'status' && c.ns === ns)
    .map((c) => {
      const t = c.text.trim();
      return {
        s: (c.attrs.s ?? '').trim(),
        ...(t ? { text: t } : {}),
        ...(c.attrs.lang ? { lang: c.attrs.lang } : {}),
      };
    });
}

/** A `<trID>`-shaped element (clTRID, svTRID in the EPP namespace). */
export function trIDOf(el: XmlElement | undefined): TrID {
  const clTRID = eppChild(el, 'clTRID')?.text.trim();
  const svTRID = eppChild(el, 'svTRID')?.text.trim();
  return { ...(clTRID !== undefined ? { clTRID } : {}), ...(svTRID !== undefined ? { svTRID } : {}) };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ESCAPES[c]);

/**
 * Content of an element for display: its trimmed text when it has no children, else its children
 * serialised (text first, then elements: the tree keeps no mixed-content order). Used for RFC 5730
 * `<value>`, whose content is the offending client element.
 */
export function contentOf(el: XmlElement): string {
  return el.children.length === 0 ? el.text.trim() : innerXml(el);
}

function innerXml(el: XmlElement): string {
  return escape(el.text.trim()) + el.children.map(serialise).join('');
}

function serialise(el: XmlElement): string {
  const attrs = Object.entries(el.attrs)
    .map(([k, v]) => ` ${k}="${escape(v)}"`)
    .join('');
  const inner = innerXml(el);
  return inner === '' ? `<${el.name}${attrs}/>` : `<${el.name}${attrs}>${inner}</${el.name}>`;
}

/** Omits undefined properties so decoded objects compare and print cleanly. */
export function compact<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as (keyof T)[]) if (obj[key] === undefined) delete obj[key];
  return obj;
}

/**
 * The `<obj:chkData>` items every object mapping shares (RFC 5730 §2.9.2.1): one `<obj:cd>` per
 * object with the identifier element (`name` or `id`) carrying `avail`, and an optional reason.
 */
export function checkItems(
  el: XmlElement,
  path: string,
  notes: DecodeNotes,
  ns: string,
  idElement: 'name' | 'id',
  prefix: string,
): { key: string; available: boolean; reason?: string }[] {
  const items = el.children
    .filter((cd) => cd.local === 'cd' && cd.ns === ns)
    .map((cd) => {
      const id = cd.children.find((c) => c.local === idElement && c.ns === ns);
      const avail = parseBoolean(id?.attrs.avail);
      if (avail === undefined) notes.add(`${path}/${cd.name}/${id?.name ?? `${prefix}:${idElement}`}@avail`);
      notes.others(cd, pathOf(path, cd), ns, [idElement, 'reason']);
      return compact({
        key: id?.text.trim() ?? '',
        available: avail ?? false,
        reason: text(cd, ns, 'reason'),
      });
    });
  notes.others(el, path, ns, ['cd']);
  return items;
}
