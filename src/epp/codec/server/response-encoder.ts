import { NS } from '../namespaces';
import { RESULT_CODE_TEXT } from '../result-code';
import { el, leaf, serializeXml, XmlBuildElement } from '../xml';

/**
 * Server side of the codec: encodes greetings and responses (RFC 5730 §2.4, §2.6) and the resData and
 * extension elements the sandbox answers with. Built with the XML library, so every value is escaped.
 */

export interface ResultSpec {
  code: number;
  msg?: string;
  /** Fury secondary error: `<extValue><value><fury:ciraCode>N</fury:ciraCode></value><reason>text</reason>` (only with a ciraCode). */
  ciraCode?: number;
  reason?: string;
}

export interface MsgQSpec {
  count: number;
  id?: string;
  qDate?: Date;
  msg?: string;
}

export interface ResponseSpec {
  results: ResultSpec[];
  msgQ?: MsgQSpec;
  resData?: XmlBuildElement[];
  extension?: XmlBuildElement[];
  clTRID?: string;
  svTRID: string;
}

export function iso(date: Date): string {
  return date.toISOString();
}

function resultElement(r: ResultSpec): XmlBuildElement {
  const extValue =
    r.ciraCode !== undefined
      ? el('extValue', {}, [
          el('value', {}, [leaf('fury:ciraCode', r.ciraCode, { 'xmlns:fury': NS.fury })]),
          leaf('reason', r.reason ?? ''),
        ])
      : undefined;
  return el('result', { code: r.code }, [
    leaf('msg', r.msg ?? RESULT_CODE_TEXT[r.code] ?? 'Unknown result'),
    extValue,
  ]);
}

export function encodeResponse(spec: ResponseSpec): string {
  const msgQ = spec.msgQ
    ? el('msgQ', { count: spec.msgQ.count, id: spec.msgQ.id }, [
        spec.msgQ.qDate && leaf('qDate', iso(spec.msgQ.qDate)),
        spec.msgQ.msg !== undefined && leaf('msg', spec.msgQ.msg),
      ])
    : undefined;
  return serializeXml(
    el('epp', { xmlns: NS.epp }, [
      el('response', {}, [
        ...spec.results.map(resultElement),
        msgQ,
        spec.resData && spec.resData.length > 0 && el('resData', {}, spec.resData),
        spec.extension && spec.extension.length > 0 && el('extension', {}, spec.extension),
        el('trID', {}, [
          spec.clTRID !== undefined && leaf('clTRID', spec.clTRID),
          leaf('svTRID', spec.svTRID),
        ]),
      ]),
    ]),
  );
}

export interface GreetingSpec {
  svID: string;
  svDate: Date;
  langs: string[];
  objURIs: string[];
  extURIs: string[];
}

/** A greeting shaped like CIRA Fury's (RFC 5730 §2.4): dcp access none, purpose admin, recipient ours, retention legal. */
export function encodeGreeting(g: GreetingSpec): string {
  return serializeXml(
    el('epp', { xmlns: NS.epp }, [
      el('greeting', {}, [
        leaf('svID', g.svID),
        leaf('svDate', iso(g.svDate)),
        el('svcMenu', {}, [
          leaf('version', '1.0'),
          ...g.langs.map((l) => leaf('lang', l)),
          ...g.objURIs.map((u) => leaf('objURI', u)),
          g.extURIs.length > 0 &&
            el(
              'svcExtension',
              {},
              g.extURIs.map((u) => leaf('extURI', u)),
            ),
        ]),
        el('dcp', {}, [
          el('access', {}, [el('none')]),
          el('statement', {}, [
            el('purpose', {}, [el('admin')]),
            el('recipient', {}, [el('ours')]),
            el('retention', {}, [el('legal')]),
          ]),
        ]),
      ]),
    ]),
  );
}

// ---- resData -------------------------------------------------------------------------------------

export interface CheckItem {
  id: string;
  avail: boolean;
  reason?: string;
}

export function checkData(object: 'domain' | 'contact' | 'host', items: CheckItem[]): XmlBuildElement {
  const p = object;
  const idTag = object === 'contact' ? 'id' : 'name';
  return el(`${p}:chkData`, { [`xmlns:${p}`]: NS[object] }, [
    ...items.map((i) =>
      el(`${p}:cd`, {}, [
        leaf(`${p}:${idTag}`, i.id, { avail: i.avail ? '1' : '0' }),
        i.reason && leaf(`${p}:reason`, i.reason),
      ]),
    ),
  ]);
}

export interface DomainInfo {
  name: string;
  roid: string;
  statuses: string[];
  registrant?: string;
  contacts: { type: string; id: string }[];
  hostObjs?: string[];
  subordinateHosts?: string[];
  clID: string;
  crID?: string;
  crDate: Date;
  upID?: string;
  upDate?: Date;
  exDate?: Date;
  trDate?: Date;
  authInfo?: string;
}

export function domainInfData(d: DomainInfo): XmlBuildElement {
  return el('domain:infData', { 'xmlns:domain': NS.domain }, [
    leaf('domain:name', d.name),
    leaf('domain:roid', d.roid),
    ...d.statuses.map((s) => el('domain:status', { s })),
    d.registrant && leaf('domain:registrant', d.registrant),
    ...d.contacts.map((c) => leaf('domain:contact', c.id, { type: c.type })),
    d.hostObjs &&
      d.hostObjs.length > 0 &&
      el(
        'domain:ns',
        {},
        d.hostObjs.map((h) => leaf('domain:hostObj', h)),
      ),
    ...(d.subordinateHosts ?? []).map((h) => leaf('domain:host', h)),
    leaf('domain:clID', d.clID),
    d.crID && leaf('domain:crID', d.crID),
    leaf('domain:crDate', iso(d.crDate)),
    d.upID && leaf('domain:upID', d.upID),
    d.upDate && leaf('domain:upDate', iso(d.upDate)),
    d.exDate && leaf('domain:exDate', iso(d.exDate)),
    d.trDate && leaf('domain:trDate', iso(d.trDate)),
    d.authInfo !== undefined && el('domain:authInfo', {}, [leaf('domain:pw', d.authInfo)]),
  ]);
}

export function domainCreData(name: string, crDate: Date, exDate: Date): XmlBuildElement {
  return el('domain:creData', { 'xmlns:domain': NS.domain }, [
    leaf('domain:name', name),
    leaf('domain:crDate', iso(crDate)),
    leaf('domain:exDate', iso(exDate)),
  ]);
}

export function domainRenData(name: string, exDate: Date): XmlBuildElement {
  return el('domain:renData', { 'xmlns:domain': NS.domain }, [
    leaf('domain:name', name),
    leaf('domain:exDate', iso(exDate)),
  ]);
}

export interface TransferInfo {
  name: string;
  trStatus:
    | 'clientApproved'
    | 'clientCancelled'
    | 'clientRejected'
    | 'pending'
    | 'serverApproved'
    | 'serverCancelled';
  reID: string;
  reDate: Date;
  acID: string;
  acDate: Date;
  exDate?: Date;
}

export function domainTrnData(t: TransferInfo): XmlBuildElement {
  return el('domain:trnData', { 'xmlns:domain': NS.domain }, [
    leaf('domain:name', t.name),
    leaf('domain:trStatus', t.trStatus),
    leaf('domain:reID', t.reID),
    leaf('domain:reDate', iso(t.reDate)),
    leaf('domain:acID', t.acID),
    leaf('domain:acDate', iso(t.acDate)),
    t.exDate && leaf('domain:exDate', iso(t.exDate)),
  ]);
}

export interface ContactInfo {
  id: string;
  roid: string;
  statuses: string[];
  postalInfo: {
    type: 'loc' | 'int';
    name: string;
    org?: string;
    street: string[];
    city: string;
    sp?: string;
    pc?: string;
    cc: string;
  }[];
  voice?: { number: string; x?: string };
  fax?: { number: string; x?: string };
  email: string;
  clID: string;
  crID: string;
  crDate: Date;
  upID?: string;
  upDate?: Date;
  authInfo?: string;
}

export function contactInfData(c: ContactInfo): XmlBuildElement {
  return el('contact:infData', { 'xmlns:contact': NS.contact }, [
    leaf('contact:id', c.id),
    leaf('contact:roid', c.roid),
    ...c.statuses.map((s) => el('contact:status', { s })),
    ...c.postalInfo.map((p) =>
      el('contact:postalInfo', { type: p.type }, [
        leaf('contact:name', p.name),
        p.org !== undefined && leaf('contact:org', p.org),
        el('contact:addr', {}, [
          ...p.street.map((s) => leaf('contact:street', s)),
          leaf('contact:city', p.city),
          p.sp !== undefined && leaf('contact:sp', p.sp),
          p.pc !== undefined && leaf('contact:pc', p.pc),
          leaf('contact:cc', p.cc),
        ]),
      ]),
    ),
    c.voice && leaf('contact:voice', c.voice.number, { x: c.voice.x }),
    c.fax && leaf('contact:fax', c.fax.number, { x: c.fax.x }),
    leaf('contact:email', c.email),
    leaf('contact:clID', c.clID),
    leaf('contact:crID', c.crID),
    leaf('contact:crDate', iso(c.crDate)),
    c.upID && leaf('contact:upID', c.upID),
    c.upDate && leaf('contact:upDate', iso(c.upDate)),
    c.authInfo !== undefined && el('contact:authInfo', {}, [leaf('contact:pw', c.authInfo)]),
  ]);
}

export function contactCreData(id: string, crDate: Date): XmlBuildElement {
  return el('contact:creData', { 'xmlns:contact': NS.contact }, [
    leaf('contact:id', id),
    leaf('contact:crDate', iso(crDate)),
  ]);
}

export interface HostInfo {
  name: string;
  roid: string;
  statuses: string[];
  addrs: { ip: 'v4' | 'v6'; addr: string }[];
  clID: string;
  crID: string;
  crDate: Date;
  upID?: string;
  upDate?: Date;
}

export function hostInfData(h: HostInfo): XmlBuildElement {
  return el('host:infData', { 'xmlns:host': NS.host }, [
    leaf('host:name', h.name),
    leaf('host:roid', h.roid),
    ...h.statuses.map((s) => el('host:status', { s })),
    ...h.addrs.map((a) => leaf('host:addr', a.addr, { ip: a.ip })),
    leaf('host:clID', h.clID),
    leaf('host:crID', h.crID),
    leaf('host:crDate', iso(h.crDate)),
    h.upID && leaf('host:upID', h.upID),
    h.upDate && leaf('host:upDate', iso(h.upDate)),
  ]);
}

export function hostCreData(name: string, crDate: Date): XmlBuildElement {
  return el('host:creData', { 'xmlns:host': NS.host }, [
    leaf('host:name', name),
    leaf('host:crDate', iso(crDate)),
  ]);
}

// ---- extensions ----------------------------------------------------------------------------------

/** `fury:info/fury:properties` on an object info response (values per key). */
export function furyObjectInfo(properties: Record<string, string[]>): XmlBuildElement | undefined {
  const keys = Object.keys(properties).sort();
  if (keys.length === 0) return undefined;
  return el('fury:info', { 'xmlns:fury': NS.fury }, [
    el(
      'fury:properties',
      {},
      keys.map((k) =>
        el('fury:property', {}, [leaf('fury:key', k), ...properties[k].map((v) => leaf('fury:value', v))]),
      ),
    ),
  ]);
}

export interface PropertyDefinitionView {
  key: string;
  localizedKey?: string;
  values: { value: string; isDefault: boolean; localizedValue?: string; localizedDetail?: string }[];
  attributes: { key: string; values: string[] }[];
}

/** Fury property-definition answer: `fury:response/fury:infData` (extension of a 1000 response). */
export function furyPropertyInfData(
  language: string | undefined,
  defs: PropertyDefinitionView[],
): XmlBuildElement {
  return el('fury:response', { 'xmlns:fury': NS.fury }, [
    el('fury:infData', {}, [
      language !== undefined && leaf('fury:language', language),
      el(
        'fury:properties',
        {},
        defs.map((d) =>
          el('fury:property', {}, [
            leaf('fury:key', d.key),
            d.localizedKey !== undefined && leaf('fury:localizedKey', d.localizedKey),
            d.values.length > 0 &&
              el(
                'fury:propertyValues',
                {},
                d.values.map((v) =>
                  el('fury:propertyValue', {}, [
                    leaf('fury:value', v.value, { default: v.isDefault ? 'true' : undefined }),
                    v.localizedValue !== undefined && leaf('fury:localizedValue', v.localizedValue),
                    v.localizedDetail !== undefined && leaf('fury:localizedDetail', v.localizedDetail),
                  ]),
                ),
              ),
            d.attributes.length > 0 &&
              el(
                'fury:propertyAttributes',
                {},
                d.attributes.map((a) =>
                  el('fury:propertyAttribute', {}, [
                    leaf('fury:key', a.key),
                    ...a.values.map((v) => leaf('fury:value', v)),
                  ]),
                ),
              ),
          ]),
        ),
      ),
    ]),
  ]);
}

/** Fury property value check answer: `fury:response/fury:chkData`. */
export function furyPropertyChkData(
  results: { key: string; values: { value: string; result: string; reason?: string }[] }[],
): XmlBuildElement {
  return el('fury:response', { 'xmlns:fury': NS.fury }, [
    el('fury:chkData', {}, [
      el(
        'fury:properties',
        {},
        results.map((r) =>
          el('fury:property', {}, [
            leaf('fury:key', r.key),
            el(
              'fury:propertyValues',
              {},
              r.values.map((v) =>
                el('fury:propertyValue', {}, [
                  leaf('fury:value', v.value),
                  leaf('fury:result', v.result),
                  v.reason !== undefined && leaf('fury:reason', v.reason),
                ]),
              ),
            ),
          ]),
        ),
      ),
    ]),
  ]);
}

/** RFC 3915 `rgp:infData` (info) or `rgp:upData` (update) with one rgpStatus. */
export function rgpData(kind: 'infData' | 'upData', status: string): XmlBuildElement {
  return el(`rgp:${kind}`, { 'xmlns:rgp': NS.rgp }, [el('rgp:rgpStatus', { s: status })]);
}

/** fury-rgp-1.0 `rgpInfo/rgpStatusEnd`: when the RGP status ends. */
export function furyRgpInfo(end: Date): XmlBuildElement {
  return el('fury-rgp:rgpInfo', { 'xmlns:fury-rgp': NS.furyRgp }, [leaf('fury-rgp:rgpStatusEnd', iso(end))]);
}
