import { NS } from '../namespaces';
import { child, childrenOf, childText, parseXml, XmlElement } from '../xml';

/**
 * Server side of the codec: decodes an incoming EPP frame (RFC 5730-5733, RFC 3915, Fury 2.1) into a
 * typed request. Structure is assumed XSD-valid (the sandbox validates first), but the decoder does not
 * rely on it: a missing required element becomes a CommandDecodeError (answered with 2001), never a crash.
 */
export class CommandDecodeError extends Error {
  override readonly name = 'CommandDecodeError';
}

export type ObjectType = 'domain' | 'contact' | 'host';

export interface Period {
  value: number;
  unit: 'y' | 'm';
}

/** One Fury property as sent on create/update (`fury:property`): key plus values, or `remAll`. */
export interface FuryPropertyInput {
  key: string;
  values: string[];
  remAll: boolean;
}

export interface PostalInfoInput {
  type: 'loc' | 'int';
  name?: string;
  org?: string;
  /** Undefined when the `addr` element is absent (only allowed in contact:update `chg`). */
  addr?: { street: string[]; city?: string; sp?: string; pc?: string; cc?: string };
}

export interface PhoneInput {
  number: string;
  x?: string;
}

export interface DiscloseInput {
  flag: boolean;
  elements: string[];
}

export interface RestoreReport {
  preData: string;
  postData: string;
  delTime: string;
  resTime: string;
  resReason: string;
  statements: string[];
  other?: string;
}

/** What a command carries in `<extension>`, decoded for the extensions the sandbox implements. */
export interface CommandExtensions {
  /** Namespace URIs of every element in `<extension>` (checked against the login's extURIs). */
  namespaces: string[];
  furyCreate?: FuryPropertyInput[];
  furyUpdate?: { add: FuryPropertyInput[]; rem: FuryPropertyInput[] };
  rgpRestore?: { op: 'request' | 'report'; report?: RestoreReport };
  /** secDNS-1.1 is accepted and stored as opaque XML text of the element (no DS validation). */
  secDNS?: XmlElement;
}

export interface HostAddress {
  ip: 'v4' | 'v6';
  addr: string;
}

interface Base {
  clTRID?: string;
  extensions: CommandExtensions;
}

export type EppRequest =
  | { command: 'hello' }
  | (Base & {
      command: 'login';
      clientId: string;
      password: string;
      newPassword?: string;
      version: string;
      lang: string;
      objURIs: string[];
      extURIs: string[];
    })
  | (Base & { command: 'logout' })
  | (Base & { command: 'poll'; op: 'req' | 'ack'; msgID?: string })
  | (Base & { command: 'domain:check' | 'contact:check' | 'host:check'; ids: string[] })
  | (Base & {
      command: 'domain:info';
      name: string;
      hosts: 'all' | 'del' | 'sub' | 'none';
      authInfo?: string;
    })
  | (Base & { command: 'contact:info' | 'host:info'; id: string; authInfo?: string })
  | (Base & {
      command: 'domain:create';
      name: string;
      period?: Period;
      hostObjs: string[];
      hostAttrCount: number;
      registrant?: string;
      contacts: { type: string; id: string }[];
      authInfo: string;
    })
  | (Base & {
      command: 'contact:create';
      id: string;
      postalInfo: PostalInfoInput[];
      voice?: PhoneInput;
      fax?: PhoneInput;
      email: string;
      authInfo: string;
      disclose?: DiscloseInput;
    })
  | (Base & { command: 'host:create'; name: string; addrs: HostAddress[] })
  | (Base & { command: 'domain:delete' | 'contact:delete' | 'host:delete'; id: string })
  | (Base & { command: 'domain:renew'; name: string; curExpDate: string; period?: Period })
  | (Base & {
      command: 'domain:transfer' | 'contact:transfer';
      op: 'request' | 'query' | 'approve' | 'reject' | 'cancel';
      id: string;
      authInfo?: string;
      period?: Period;
    })
  | (Base & {
      command: 'domain:update';
      name: string;
      add: {
        hostObjs: string[];
        hostAttrCount: number;
        contacts: { type: string; id: string }[];
        statuses: string[];
      };
      rem: {
        hostObjs: string[];
        hostAttrCount: number;
        contacts: { type: string; id: string }[];
        statuses: string[];
      };
      chg?: { registrant?: string; authInfo?: string };
    })
  | (Base & {
      command: 'contact:update';
      id: string;
      addStatuses: string[];
      remStatuses: string[];
      chg?: {
        postalInfo: PostalInfoInput[];
        voice?: PhoneInput | null;
        fax?: PhoneInput | null;
        email?: string;
        authInfo?: string;
        disclose?: DiscloseInput;
      };
    })
  | (Base & {
      command: 'host:update';
      name: string;
      add: { addrs: HostAddress[]; statuses: string[] };
      rem: { addrs: HostAddress[]; statuses: string[] };
      newName?: string;
    })
  /** Fury extension-only frame `fury:command/fury:info`: the property-definition query. */
  | (Base & { command: 'fury:info'; language?: string; keys: string[] })
  /** Fury extension-only frame `fury:command/fury:check`: check candidate property values. */
  | (Base & { command: 'fury:check'; properties: { key: string; values: string[] }[] })
  /** A well-formed command the sandbox does not implement (answered 2101). */
  | (Base & { command: 'unimplemented'; name: string });

export type CommandName = EppRequest['command'];

function required(el: XmlElement | undefined, ns: string, local: string): string {
  const text = childText(el, ns, local);
  if (text === undefined) throw new CommandDecodeError(`missing <${local}>`);
  return text;
}

function requiredChild(el: XmlElement | undefined, ns: string, local: string): XmlElement {
  const c = child(el, ns, local);
  if (!c) throw new CommandDecodeError(`missing <${local}>`);
  return c;
}

function period(el: XmlElement | undefined, ns: string): Period | undefined {
  const p = child(el, ns, 'period');
  if (!p) return undefined;
  const unit = p.attrs.unit === 'm' ? 'm' : 'y';
  const value = Number(p.text.trim());
  if (!Number.isInteger(value)) throw new CommandDecodeError('period is not an integer');
  return { value, unit };
}

function authPw(el: XmlElement | undefined, ns: string): string | undefined {
  const auth = child(el, ns, 'authInfo');
  if (!auth) return undefined;
  const pw = child(auth, ns, 'pw');
  return pw ? pw.text : undefined;
}

function furyProperties(el: XmlElement | undefined): FuryPropertyInput[] {
  const props = child(el, NS.fury, 'properties');
  return childrenOf(props, NS.fury, 'property').map((p) => ({
    key: required(p, NS.fury, 'key'),
    values: childrenOf(p, NS.fury, 'value').map((v) => v.text.trim()),
    remAll: childText(p, NS.fury, 'remAll') === 'true' || childText(p, NS.fury, 'remAll') === '1',
  }));
}

function decodeExtensions(ext: XmlElement | undefined): CommandExtensions {
  const out: CommandExtensions = { namespaces: (ext?.children ?? []).map((c) => c.ns) };
  for (const e of ext?.children ?? []) {
    if (e.ns === NS.fury && e.local === 'create') out.furyCreate = furyProperties(e);
    else if (e.ns === NS.fury && e.local === 'update') {
      out.furyUpdate = {
        add: furyProperties(child(e, NS.fury, 'add')),
        rem: furyProperties(child(e, NS.fury, 'rem')),
      };
    } else if (e.ns === NS.rgp && e.local === 'update') {
      const restore = requiredChild(e, NS.rgp, 'restore');
      const op = restore.attrs.op === 'report' ? 'report' : 'request';
      const report = child(restore, NS.rgp, 'report');
      out.rgpRestore = {
        op,
        report: report && {
          preData: required(report, NS.rgp, 'preData'),
          postData: required(report, NS.rgp, 'postData'),
          delTime: required(report, NS.rgp, 'delTime'),
          resTime: required(report, NS.rgp, 'resTime'),
          resReason: required(report, NS.rgp, 'resReason'),
          statements: childrenOf(report, NS.rgp, 'statement').map((s) => s.text.trim()),
          other: childText(report, NS.rgp, 'other'),
        },
      };
    } else if (e.ns === NS.secDNS) out.secDNS = e;
  }
  return out;
}

function postalInfo(p: XmlElement): PostalInfoInput {
  const addr = child(p, NS.contact, 'addr');
  return {
    type: p.attrs.type === 'int' ? 'int' : 'loc',
    name: childText(p, NS.contact, 'name'),
    org: childText(p, NS.contact, 'org'),
    addr: addr && {
      street: childrenOf(addr, NS.contact, 'street').map((s) => s.text.trim()),
      city: childText(addr, NS.contact, 'city'),
      sp: childText(addr, NS.contact, 'sp'),
      pc: childText(addr, NS.contact, 'pc'),
      cc: childText(addr, NS.contact, 'cc'),
    },
  };
}

function phone(el: XmlElement | undefined, local: string): PhoneInput | undefined {
  const p = child(el, NS.contact, local);
  if (!p) return undefined;
  return { number: p.text.trim(), x: p.attrs.x };
}

function disclose(el: XmlElement | undefined): DiscloseInput | undefined {
  const d = child(el, NS.contact, 'disclose');
  if (!d) return undefined;
  return {
    flag: d.attrs.flag === '1' || d.attrs.flag === 'true',
    elements: d.children.map((c) => (c.attrs.type ? `${c.local}:${c.attrs.type}` : c.local)),
  };
}

function hostAddrs(el: XmlElement | undefined): HostAddress[] {
  return childrenOf(el, NS.host, 'addr').map((a) => ({
    ip: a.attrs.ip === 'v6' ? 'v6' : 'v4',
    addr: a.text.trim(),
  }));
}

function domainNs(el: XmlElement | undefined): { hostObjs: string[]; hostAttrCount: number } {
  const ns = child(el, NS.domain, 'ns');
  return {
    hostObjs: childrenOf(ns, NS.domain, 'hostObj').map((h) => h.text.trim().toLowerCase()),
    hostAttrCount: childrenOf(ns, NS.domain, 'hostAttr').length,
  };
}

function domainContacts(el: XmlElement | undefined): { type: string; id: string }[] {
  return childrenOf(el, NS.domain, 'contact').map((c) => ({ type: c.attrs.type ?? '', id: c.text.trim() }));
}

function domainAddRem(el: XmlElement | undefined) {
  return {
    ...domainNs(el),
    contacts: domainContacts(el),
    statuses: childrenOf(el, NS.domain, 'status').map((s) => s.attrs.s ?? ''),
  };
}

const OBJECT_NS: Record<ObjectType, string> = { domain: NS.domain, contact: NS.contact, host: NS.host };

function objectOf(el: XmlElement): ObjectType | undefined {
  return (Object.keys(OBJECT_NS) as ObjectType[]).find((k) => OBJECT_NS[k] === el.ns);
}

function decodeObjectCommand(verb: string, body: XmlElement, base: Base): EppRequest {
  const obj = objectOf(body);
  if (!obj || body.local !== verb) return { ...base, command: 'unimplemented', name: `${body.name}` };
  const ns = OBJECT_NS[obj];
  const idTag = obj === 'contact' ? 'id' : 'name';
  switch (verb) {
    case 'check':
      return {
        ...base,
        command: `${obj}:check`,
        ids: childrenOf(body, ns, idTag).map((e) =>
          obj === 'contact' ? e.text.trim() : e.text.trim().toLowerCase(),
        ),
      };
    case 'info':
      if (obj === 'domain') {
        const nameEl = requiredChild(body, ns, 'name');
        const hosts = nameEl.attrs.hosts;
        return {
          ...base,
          command: 'domain:info',
          name: nameEl.text.trim().toLowerCase(),
          hosts: hosts === 'del' || hosts === 'sub' || hosts === 'none' ? hosts : 'all',
          authInfo: authPw(body, ns),
        };
      }
      return {
        ...base,
        command: obj === 'contact' ? 'contact:info' : 'host:info',
        id: obj === 'host' ? required(body, ns, idTag).toLowerCase() : required(body, ns, idTag),
        authInfo: authPw(body, ns),
      };
    case 'create':
      if (obj === 'domain') {
        return {
          ...base,
          command: 'domain:create',
          name: required(body, ns, 'name').toLowerCase(),
          period: period(body, ns),
          ...domainNs(body),
          registrant: childText(body, ns, 'registrant'),
          contacts: domainContacts(body),
          authInfo: authPw(body, ns) ?? '',
        };
      }
      if (obj === 'contact') {
        return {
          ...base,
          command: 'contact:create',
          id: required(body, ns, 'id'),
          postalInfo: childrenOf(body, ns, 'postalInfo').map(postalInfo),
          voice: phone(body, 'voice'),
          fax: phone(body, 'fax'),
          email: required(body, ns, 'email'),
          authInfo: authPw(body, ns) ?? '',
          disclose: disclose(body),
        };
      }
      return {
        ...base,
        command: 'host:create',
        name: required(body, ns, 'name').toLowerCase(),
        addrs: hostAddrs(body),
      };
    case 'delete': {
      const id = required(body, ns, idTag);
      return { ...base, command: `${obj}:delete`, id: obj === 'contact' ? id : id.toLowerCase() };
    }
    case 'renew':
      if (obj !== 'domain') return { ...base, command: 'unimplemented', name: body.name };
      return {
        ...base,
        command: 'domain:renew',
        name: required(body, ns, 'name').toLowerCase(),
        curExpDate: required(body, ns, 'curExpDate'),
        period: period(body, ns),
      };
    case 'update':
      if (obj === 'domain') {
        const chg = child(body, ns, 'chg');
        return {
          ...base,
          command: 'domain:update',
          name: required(body, ns, 'name').toLowerCase(),
          add: domainAddRem(child(body, ns, 'add')),
          rem: domainAddRem(child(body, ns, 'rem')),
          chg: chg && { registrant: childText(chg, ns, 'registrant'), authInfo: authPw(chg, ns) },
        };
      }
      if (obj === 'contact') {
        const chg = child(body, ns, 'chg');
        const statuses = (which: string) =>
          childrenOf(child(body, ns, which), ns, 'status').map((s) => s.attrs.s ?? '');
        const optionalPhone = (local: string): PhoneInput | null | undefined => {
          const p = child(chg, ns, local);
          if (!p) return undefined;
          return p.text.trim() === '' ? null : { number: p.text.trim(), x: p.attrs.x };
        };
        return {
          ...base,
          command: 'contact:update',
          id: required(body, ns, 'id'),
          addStatuses: statuses('add'),
          remStatuses: statuses('rem'),
          chg: chg && {
            postalInfo: childrenOf(chg, ns, 'postalInfo').map(postalInfo),
            voice: optionalPhone('voice'),
            fax: optionalPhone('fax'),
            email: childText(chg, ns, 'email'),
            authInfo: authPw(chg, ns),
            disclose: disclose(chg),
          },
        };
      }
      return {
        ...base,
        command: 'host:update',
        name: required(body, ns, 'name').toLowerCase(),
        add: {
          addrs: hostAddrs(child(body, ns, 'add')),
          statuses: childrenOf(child(body, ns, 'add'), ns, 'status').map((s) => s.attrs.s ?? ''),
        },
        rem: {
          addrs: hostAddrs(child(body, ns, 'rem')),
          statuses: childrenOf(child(body, ns, 'rem'), ns, 'status').map((s) => s.attrs.s ?? ''),
        },
        newName: childText(child(body, ns, 'chg'), ns, 'name')?.toLowerCase(),
      };
    default:
      return { ...base, command: 'unimplemented', name: body.name };
  }
}

/** Decodes one incoming frame. Throws XmlSecurityError/XmlSyntaxError (from parseXml) or CommandDecodeError. */
export function decodeCommand(xml: string): EppRequest {
  return decodeCommandElement(parseXml(xml));
}

export function decodeCommandElement(root: XmlElement): EppRequest {
  if (root.ns !== NS.epp || root.local !== 'epp')
    throw new CommandDecodeError('root element is not <epp> in the EPP namespace');
  const top = root.children[0];
  if (!top || root.children.length !== 1) throw new CommandDecodeError('<epp> must hold exactly one element');
  if (top.ns !== NS.epp) throw new CommandDecodeError(`unexpected <${top.name}> under <epp>`);
  if (top.local === 'hello') return { command: 'hello' };
  if (top.local === 'extension') {
    // Fury's extension-only frames (no <command>, no clTRID).
    const cmd = child(top, NS.fury, 'command');
    const base: Base = { extensions: { namespaces: top.children.map((c) => c.ns) } };
    if (!cmd) return { ...base, command: 'unimplemented', name: top.children[0]?.name ?? 'extension' };
    const info = child(cmd, NS.fury, 'info');
    if (info) {
      return {
        ...base,
        command: 'fury:info',
        language: childText(info, NS.fury, 'language'),
        keys: childrenOf(child(info, NS.fury, 'properties'), NS.fury, 'property').map((p) =>
          required(p, NS.fury, 'key'),
        ),
      };
    }
    const check = child(cmd, NS.fury, 'check');
    if (check) {
      return {
        ...base,
        command: 'fury:check',
        properties: childrenOf(child(check, NS.fury, 'properties'), NS.fury, 'property').map((p) => ({
          key: required(p, NS.fury, 'key'),
          values: childrenOf(p, NS.fury, 'value').map((v) => v.text.trim()),
        })),
      };
    }
    return { ...base, command: 'unimplemented', name: 'fury:command' };
  }
  if (top.local !== 'command') throw new CommandDecodeError(`<${top.local}> is not a command`);
  const clTRID = childText(top, NS.epp, 'clTRID');
  const base: Base = { clTRID, extensions: decodeExtensions(child(top, NS.epp, 'extension')) };
  const verbEl = top.children.find((c) => c.ns === NS.epp && c.local !== 'extension' && c.local !== 'clTRID');
  if (!verbEl) throw new CommandDecodeError('<command> holds no command');
  switch (verbEl.local) {
    case 'login': {
      const options = requiredChild(verbEl, NS.epp, 'options');
      const svcs = requiredChild(verbEl, NS.epp, 'svcs');
      return {
        ...base,
        command: 'login',
        clientId: required(verbEl, NS.epp, 'clID'),
        password: child(verbEl, NS.epp, 'pw')?.text ?? '',
        newPassword: child(verbEl, NS.epp, 'newPW')?.text,
        version: required(options, NS.epp, 'version'),
        lang: required(options, NS.epp, 'lang'),
        objURIs: childrenOf(svcs, NS.epp, 'objURI').map((o) => o.text.trim()),
        extURIs: childrenOf(child(svcs, NS.epp, 'svcExtension'), NS.epp, 'extURI').map((o) => o.text.trim()),
      };
    }
    case 'logout':
      return { ...base, command: 'logout' };
    case 'poll':
      return {
        ...base,
        command: 'poll',
        op: verbEl.attrs.op === 'ack' ? 'ack' : 'req',
        msgID: verbEl.attrs.msgID,
      };
    case 'transfer': {
      const body = verbEl.children[0];
      if (!body) throw new CommandDecodeError('<transfer> is empty');
      const obj = objectOf(body);
      const op = verbEl.attrs.op;
      if (!obj || obj === 'host' || !['request', 'query', 'approve', 'reject', 'cancel'].includes(op ?? '')) {
        return { ...base, command: 'unimplemented', name: body.name };
      }
      const ns = OBJECT_NS[obj];
      const id = required(body, ns, obj === 'contact' ? 'id' : 'name');
      return {
        ...base,
        command: obj === 'domain' ? 'domain:transfer' : 'contact:transfer',
        op: op as 'request' | 'query' | 'approve' | 'reject' | 'cancel',
        id: obj === 'domain' ? id.toLowerCase() : id,
        authInfo: authPw(body, ns),
        period: period(body, ns),
      };
    }
    case 'check':
    case 'info':
    case 'create':
    case 'delete':
    case 'renew':
    case 'update': {
      const body = verbEl.children[0];
      if (!body) throw new CommandDecodeError(`<${verbEl.local}> is empty`);
      return decodeObjectCommand(verbEl.local, body, base);
    }
    default:
      return { ...base, command: 'unimplemented', name: verbEl.local };
  }
}
