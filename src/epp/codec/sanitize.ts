import { NS } from './namespaces';
import {
  child,
  el,
  parseXml,
  serializeXml,
  type XmlBuildElement,
  type XmlElement,
  type XmlNode,
} from './xml';

/**
 * Log-safe copies of EPP frames. Every password and every contact's personal data is replaced by
 * `***` before a frame is logged; the frame is parsed and rebuilt, never edited as text, so no
 * quoting trick can smuggle a value past the mask. A frame that does not parse is not logged at
 * all: the caller gets a fixed placeholder.
 */

export const MASK = '***';
export const UNPARSEABLE_FRAME = '<!-- EPP frame withheld from the log: not well-formed XML -->';

/** Masked anywhere, in any namespace: login passwords, authInfo passwords, SIDN's transfer token. */
const SECRET_LOCALS = new Set(['pw', 'newPW']);
/** RFC 5733 personal data, in commands and in infData responses alike. `cc` (a country) is kept. */
const CONTACT_PERSONAL = new Set(['name', 'org', 'street', 'city', 'sp', 'pc', 'voice', 'fax', 'email']);
/** DRS5: the KvK number identifies a person's business (a one-man business is the person). */
const SIDN_PERSONAL = new Set(['legalFormRegNo']);
/** RFC 3915 restore reports quote the registration data before and after. */
const RGP_PERSONAL = new Set(['preData', 'postData']);
/** Fury property holders on objects (not the definition query/response, which hold no personal data). */
const FURY_OBJECT_HOLDERS = new Set(['create', 'update', 'info']);

interface MaskState {
  /** Inside an authInfo element: everything is secret. */
  readonly secret: boolean;
  /** Inside a Fury property holder of a contact frame. */
  readonly contactProperties: boolean;
}

function shouldMask(e: XmlElement, state: MaskState): boolean {
  if (state.secret || SECRET_LOCALS.has(e.local)) return true;
  if (e.ns === NS.contact && CONTACT_PERSONAL.has(e.local)) return true;
  if (e.ns === NS.sidn && SIDN_PERSONAL.has(e.local)) return true;
  if (e.ns === NS.rgp && RGP_PERSONAL.has(e.local)) return true;
  return state.contactProperties && e.ns === NS.fury && e.local === 'value';
}

function rebuild(
  e: XmlElement,
  scope: ReadonlyMap<string, string>,
  state: MaskState,
  contactFrame: boolean,
): XmlBuildElement {
  const colon = e.name.indexOf(':');
  const prefix = colon >= 0 ? e.name.slice(0, colon) : '';
  const attrs: Record<string, string> = {};
  let inner = scope;
  if (scope.get(prefix) !== e.ns) {
    attrs[prefix ? `xmlns:${prefix}` : 'xmlns'] = e.ns;
    inner = new Map(scope).set(prefix, e.ns);
  }
  const mask = shouldMask(e, state);
  for (const [k, v] of Object.entries(e.attrs)) {
    // Prefixed attributes (xsi:schemaLocation hints) would need their namespace declared: dropped.
    if (k.includes(':')) continue;
    // `x` is a phone extension (RFC 5733 voice/fax).
    attrs[k] = mask && k === 'x' ? MASK : v;
  }
  const next: MaskState = {
    secret: state.secret || e.local === 'authInfo',
    contactProperties:
      state.contactProperties || (contactFrame && e.ns === NS.fury && FURY_OBJECT_HOLDERS.has(e.local)),
  };
  const children: XmlNode[] = [];
  if (e.text.trim() !== '') children.push(mask ? MASK : e.text);
  for (const c of e.children) children.push(rebuild(c, inner, next, contactFrame));
  return el(e.name, attrs, children);
}

/** The frame with passwords and contact personal data replaced by `***`, for logging. */
export function sanitizeFrame(xml: string): string {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch {
    return UNPARSEABLE_FRAME;
  }
  const contactFrame = hasContactElement(root);
  try {
    return serializeXml(
      rebuild(
        root,
        new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]),
        { secret: false, contactProperties: false },
        contactFrame,
      ),
    );
  } catch {
    return UNPARSEABLE_FRAME;
  }
}

function hasContactElement(e: XmlElement): boolean {
  return e.ns === NS.contact || e.children.some(hasContactElement);
}

export interface CommandSummary {
  /** e.g. `domain:create`, `login`, `poll:ack`, `fury:info`, `sidn:domainCancelDelete`, `response`. */
  readonly command: string;
  /** Domain or host name, contact id (opaque, chosen at random), or poll message id. */
  readonly objectId?: string;
  readonly clTRID?: string;
}

const OBJECT_PREFIX: Record<string, string> = {
  [NS.domain]: 'domain',
  [NS.contact]: 'contact',
  [NS.host]: 'host',
  [NS.org]: 'org',
};

/** Command name, object id and clTRID of a frame, for the one-line structured log entry. */
export function summarizeCommand(xml: string): CommandSummary {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch {
    return { command: 'unparseable' };
  }
  if (child(root, NS.epp, 'hello')) return { command: 'hello' };
  if (child(root, NS.epp, 'greeting')) return { command: 'greeting' };
  const response = child(root, NS.epp, 'response');
  if (response) {
    const clTRID = child(child(response, NS.epp, 'trID'), NS.epp, 'clTRID')?.text.trim();
    return { command: 'response', clTRID };
  }
  const command = child(root, NS.epp, 'command');
  if (command) {
    const clTRID = child(command, NS.epp, 'clTRID')?.text.trim();
    const verb = command.children.find(
      (c) => c.ns === NS.epp && c.local !== 'extension' && c.local !== 'clTRID',
    );
    if (!verb) return { command: 'unknown', clTRID };
    if (verb.local === 'login' || verb.local === 'logout') return { command: verb.local, clTRID };
    if (verb.local === 'poll') {
      return { command: `poll:${verb.attrs.op ?? '?'}`, objectId: verb.attrs.msgID, clTRID };
    }
    const object = verb.children[0];
    if (!object) return { command: verb.local, clTRID };
    const prefix = OBJECT_PREFIX[object.ns] ?? object.ns;
    const op = verb.local === 'transfer' && verb.attrs.op ? `transfer:${verb.attrs.op}` : verb.local;
    const ids = object.children
      .filter((c) => c.local === 'name' || c.local === 'id')
      .map((c) => c.text.trim());
    return { command: `${prefix}:${op}`, objectId: ids.length > 0 ? ids.join(',') : undefined, clTRID };
  }
  const extension = child(root, NS.epp, 'extension');
  const ext = extension?.children[0];
  if (ext?.ns === NS.fury && ext.local === 'command') {
    return { command: `fury:${ext.children[0]?.local ?? 'command'}` };
  }
  if (ext?.ns === NS.sidn && ext.local === 'command') {
    const op = ext.children.find((c) => c.local !== 'clTRID');
    return {
      command: `sidn:${op?.local ?? 'command'}`,
      objectId: child(op, NS.sidn, 'name')?.text.trim(),
      clTRID: child(ext, NS.sidn, 'clTRID')?.text.trim(),
    };
  }
  return { command: 'unknown' };
}
