import { RegistryProfileName } from './context';
import { NS } from './namespaces';
import { XmlElement } from './xml';
import { EppDecodeError } from './responses/decode-error';
import { eppChild, eppChildren, frameKindOf, parseEppDocument } from './responses/parse';

/** A server greeting (RFC 5730 §2.4). */
export interface Greeting {
  svID: string;
  svDate?: string;
  versions: string[];
  langs: string[];
  objURIs: string[];
  extURIs: string[];
  dcp?: GreetingDcp;
}

/** Data collection policy (RFC 5730 §2.4): element names of the chosen options. */
export interface GreetingDcp {
  /** `all`, `none`, `null`, `other`, `personal`, `personalAndOther`. */
  access?: string;
  statements: { purposes: string[]; recipients: string[]; retention?: string }[];
  /** `absolute` date or `relative` duration, as sent. */
  expiry?: string;
}

export interface ServiceSet {
  objURIs: string[];
  extURIs: string[];
}

/** Decodes a greeting frame. Throws `EppDecodeError` for anything that is not one. */
export function decodeGreeting(xml: string | Buffer): Greeting {
  const root = parseEppDocument(xml);
  const el = eppChild(root, 'greeting');
  if (!el) {
    const kind = frameKindOf(root);
    throw new EppDecodeError(
      kind === 'command' || kind === 'hello' || kind === 'extension' ? 'command-frame' : 'unexpected-frame',
      `expected an EPP greeting, got <${kind}>`,
    );
  }
  return decodeGreetingElement(el);
}

/**
 * Lenient by design: no facet checks. CIRA's live greeting carries a 68-character svID, over RFC
 * 5730's 64 (`sIDType`); a strict client would refuse to talk to the registry at all.
 */
export function decodeGreetingElement(el: XmlElement): Greeting {
  const text = (e: XmlElement | undefined) => e?.text.trim();
  const menu = eppChild(el, 'svcMenu');
  const svcExt = eppChild(menu, 'svcExtension');
  const dcpEl = eppChild(el, 'dcp');
  const greeting: Greeting = {
    svID: text(eppChild(el, 'svID')) ?? '',
    versions: eppChildren(menu, 'version').map((v) => v.text.trim()),
    langs: eppChildren(menu, 'lang').map((v) => v.text.trim()),
    objURIs: eppChildren(menu, 'objURI').map((v) => v.text.trim()),
    extURIs: eppChildren(svcExt, 'extURI').map((v) => v.text.trim()),
  };
  const svDate = text(eppChild(el, 'svDate'));
  if (svDate !== undefined) greeting.svDate = svDate;
  if (dcpEl) greeting.dcp = decodeDcp(dcpEl);
  return greeting;
}

function decodeDcp(el: XmlElement): GreetingDcp {
  const names = (e: XmlElement | undefined) => (e ? e.children.map((c) => c.local) : []);
  const dcp: GreetingDcp = {
    statements: eppChildren(el, 'statement').map((s) => {
      const retention = names(eppChild(s, 'retention'))[0];
      return {
        purposes: names(eppChild(s, 'purpose')),
        recipients: names(eppChild(s, 'recipient')),
        ...(retention !== undefined ? { retention } : {}),
      };
    }),
  };
  const access = names(eppChild(el, 'access'))[0];
  if (access !== undefined) dcp.access = access;
  const expiry = eppChild(el, 'expiry')?.children[0]?.text.trim();
  if (expiry !== undefined) dcp.expiry = expiry;
  return dcp;
}

/**
 * The services to announce at login: what the server offers AND we support, in the server's order
 * (RFC 5730 §2.9.1.1: a client must not announce a service the server did not offer; Fury adds
 * extension elements to responses only for extensions selected at login).
 */
export function chooseServices(greeting: Greeting, supported: ServiceSet): ServiceSet {
  const obj = new Set(supported.objURIs);
  const ext = new Set(supported.extURIs);
  return {
    objURIs: unique(greeting.objURIs.filter((u) => obj.has(u))),
    extURIs: unique(greeting.extURIs.filter((u) => ext.has(u))),
  };
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

export type ProfileOverride = RegistryProfileName | 'auto';

const FURY_PREFIX = 'urn:ietf:params:xml:ns:fury';

/**
 * The registry profile for a server: an explicit override wins; otherwise a greeting offering any
 * Fury extension (`urn:ietf:params:xml:ns:fury-*`, Hello Registry / CIRA) is `hello`, one offering
 * SIDN's `sidn-ext-epp-1.0` (and no Fury extension) is `drs5`; anything else falls back to `hello`,
 * the current .nl platform.
 */
export function chooseProfile(greeting: Greeting, override?: ProfileOverride): RegistryProfileName {
  if (override === 'hello' || override === 'drs5') return override;
  if (greeting.extURIs.some((u) => u.startsWith(FURY_PREFIX))) return 'hello';
  if (greeting.extURIs.includes(NS.sidn)) return 'drs5';
  return 'hello';
}
