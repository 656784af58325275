import { NS } from '../../../src/epp/codec/namespaces';
import { el, leaf, serializeXml, XmlBuildElement, XmlNode } from '../../../src/epp/codec/xml';

/** Raw command frames for the sandbox tests, built with the XML library (RFC 5730-5733, 3915, Fury 2.1). */
let counter = 0;
export const nextClTRID = () => `TEST-${++counter}`;

export function command(verb: XmlNode, extension?: XmlBuildElement[], clTRID = nextClTRID()): string {
  return serializeXml(
    el('epp', { xmlns: NS.epp }, [
      el('command', {}, [
        verb,
        extension && extension.length > 0 && el('extension', {}, extension),
        leaf('clTRID', clTRID),
      ]),
    ]),
  );
}

export const HELLO_EXT_URIS = [NS.fury, NS.furyRgp, NS.rgp, NS.secDNS];

export function login(
  clID: string,
  pw: string,
  opts: { newPW?: string; objURIs?: string[]; extURIs?: string[]; lang?: string } = {},
): string {
  return command(
    el('login', {}, [
      leaf('clID', clID),
      leaf('pw', pw),
      opts.newPW !== undefined && leaf('newPW', opts.newPW),
      el('options', {}, [leaf('version', '1.0'), leaf('lang', opts.lang ?? 'en')]),
      el('svcs', {}, [
        ...(opts.objURIs ?? [NS.domain, NS.contact, NS.host]).map((u) => leaf('objURI', u)),
        el(
          'svcExtension',
          {},
          (opts.extURIs ?? HELLO_EXT_URIS).map((u) => leaf('extURI', u)),
        ),
      ]),
    ]),
  );
}

export const logout = () => command(el('logout'));
export const hello = () => serializeXml(el('epp', { xmlns: NS.epp }, [el('hello')]));
export const pollReq = () => command(el('poll', { op: 'req' }));
export const pollAck = (id: string) => command(el('poll', { op: 'ack', msgID: id }));

export function furyProps(tag: string, props: Record<string, string>): XmlBuildElement {
  return el(tag, {}, [
    el(
      'fury:properties',
      {},
      Object.entries(props).map(([k, v]) =>
        el('fury:property', {}, [leaf('fury:key', k), leaf('fury:value', v)]),
      ),
    ),
  ]);
}

export interface ContactInput {
  id: string;
  name?: string;
  org?: string;
  street?: string[];
  city?: string;
  pc?: string;
  cc?: string;
  voice?: string;
  email?: string;
  postalInfoCount?: number;
  properties?: Record<string, string>;
}

export const VALID_PROPS = { NL_LEGAL_FORM: 'PERSOON' };

export function contactCreate(c: ContactInput): string {
  const postal = el('contact:postalInfo', { type: 'loc' }, [
    leaf('contact:name', c.name ?? 'Jan Jansen'),
    c.org !== undefined && leaf('contact:org', c.org),
    el('contact:addr', {}, [
      ...(c.street ?? ['Dorpsstraat 1']).map((s) => leaf('contact:street', s)),
      leaf('contact:city', c.city ?? 'Arnhem'),
      c.pc !== undefined ? leaf('contact:pc', c.pc) : c.cc === undefined && leaf('contact:pc', '6811AB'),
      leaf('contact:cc', c.cc ?? 'NL'),
    ]),
  ]);
  const postals = Array.from({ length: c.postalInfoCount ?? 1 }, (_, i) =>
    i === 0 ? postal : { ...postal, attrs: { type: 'int' } },
  );
  const props = c.properties ?? VALID_PROPS;
  return command(
    el('create', {}, [
      el('contact:create', { 'xmlns:contact': NS.contact }, [
        leaf('contact:id', c.id),
        ...postals,
        c.voice !== '' && leaf('contact:voice', c.voice ?? '+31.612345678'),
        leaf('contact:email', c.email ?? 'jan@example.nl'),
        el('contact:authInfo', {}, [leaf('contact:pw', 'contact-pw1')]),
      ]),
    ]),
    Object.keys(props).length > 0 ? [furyProps('fury:create', props)].map((e) => withFuryNs(e)) : [],
  );
}

function withFuryNs(e: XmlBuildElement): XmlBuildElement {
  return { ...e, attrs: { ...e.attrs, 'xmlns:fury': NS.fury } };
}

export function contactUpdate(
  id: string,
  chg: { name?: string; email?: string },
  fury?: { add?: Record<string, string>; rem?: Record<string, string>; remAll?: string },
): string {
  const furyUpdate =
    fury &&
    el('fury:update', { 'xmlns:fury': NS.fury }, [
      fury.add && furyProps('fury:add', fury.add),
      (fury.rem || fury.remAll) &&
        el('fury:rem', {}, [
          el('fury:properties', {}, [
            ...Object.entries(fury.rem ?? {}).map(([k, v]) =>
              el('fury:property', {}, [leaf('fury:key', k), leaf('fury:value', v)]),
            ),
            fury.remAll !== undefined &&
              el('fury:property', {}, [leaf('fury:key', fury.remAll), leaf('fury:remAll', 'true')]),
          ]),
        ]),
    ]);
  const hasChg = chg.name !== undefined || chg.email !== undefined;
  return command(
    el('update', {}, [
      el('contact:update', { 'xmlns:contact': NS.contact }, [
        leaf('contact:id', id),
        hasChg &&
          el('contact:chg', {}, [
            chg.name !== undefined &&
              el('contact:postalInfo', { type: 'loc' }, [leaf('contact:name', chg.name)]),
            chg.email !== undefined && leaf('contact:email', chg.email),
          ]),
      ]),
    ]),
    furyUpdate ? [furyUpdate] : [],
  );
}

const obj = (
  object: 'domain' | 'contact' | 'host',
  verb: string,
  idTag: string,
  id: string,
  extra: XmlNode[] = [],
) =>
  command(
    el(verb, {}, [
      el(`${object}:${verb}`, { [`xmlns:${object}`]: NS[object] }, [
        leaf(`${object}:${idTag}`, id),
        ...extra,
      ]),
    ]),
  );

export const contactInfo = (id: string) => obj('contact', 'info', 'id', id);
export const contactDelete = (id: string) => obj('contact', 'delete', 'id', id);
export const contactCheck = (...ids: string[]) =>
  command(
    el('check', {}, [
      el(
        'contact:check',
        { 'xmlns:contact': NS.contact },
        ids.map((i) => leaf('contact:id', i)),
      ),
    ]),
  );
export const hostInfo = (name: string) => obj('host', 'info', 'name', name);
export const hostDelete = (name: string) => obj('host', 'delete', 'name', name);
export const hostCheck = (...names: string[]) =>
  command(
    el('check', {}, [
      el(
        'host:check',
        { 'xmlns:host': NS.host },
        names.map((n) => leaf('host:name', n)),
      ),
    ]),
  );
export const hostCreate = (name: string, addrs: string[] = []) =>
  obj(
    'host',
    'create',
    'name',
    name,
    addrs.map((a) => leaf('host:addr', a, { ip: a.includes(':') ? 'v6' : 'v4' })),
  );
export const hostUpdate = (name: string, add: string[], rem: string[]) =>
  obj(
    'host',
    'update',
    'name',
    name,
    [
      add.length > 0 &&
        el(
          'host:add',
          {},
          add.map((a) => leaf('host:addr', a, { ip: 'v4' })),
        ),
      rem.length > 0 &&
        el(
          'host:rem',
          {},
          rem.map((a) => leaf('host:addr', a, { ip: 'v4' })),
        ),
    ].filter((x): x is XmlBuildElement => x !== false),
  );

export const domainCheck = (...names: string[]) =>
  command(
    el('check', {}, [
      el(
        'domain:check',
        { 'xmlns:domain': NS.domain },
        names.map((n) => leaf('domain:name', n)),
      ),
    ]),
  );
export const domainInfo = (name: string, authInfo?: string) =>
  obj(
    'domain',
    'info',
    'name',
    name,
    authInfo ? [el('domain:authInfo', {}, [leaf('domain:pw', authInfo)])] : [],
  );
export const domainDelete = (name: string) => obj('domain', 'delete', 'name', name);

export interface DomainInput {
  name: string;
  registrant?: string;
  admin?: string[];
  tech?: string[];
  billing?: string[];
  ns?: string[];
  hostAttr?: string;
  authInfo?: string;
  period?: { value: number; unit: 'y' | 'm' };
}

export function domainCreate(d: DomainInput): string {
  const ns =
    (d.ns && d.ns.length > 0) || d.hostAttr
      ? el('domain:ns', {}, [
          ...(d.ns ?? []).map((h) => leaf('domain:hostObj', h)),
          d.hostAttr !== undefined && el('domain:hostAttr', {}, [leaf('domain:hostName', d.hostAttr)]),
        ])
      : undefined;
  return command(
    el('create', {}, [
      el('domain:create', { 'xmlns:domain': NS.domain }, [
        leaf('domain:name', d.name),
        d.period && leaf('domain:period', d.period.value, { unit: d.period.unit }),
        ns,
        d.registrant !== undefined && leaf('domain:registrant', d.registrant),
        ...(d.admin ?? []).map((c) => leaf('domain:contact', c, { type: 'admin' })),
        ...(d.tech ?? []).map((c) => leaf('domain:contact', c, { type: 'tech' })),
        ...(d.billing ?? []).map((c) => leaf('domain:contact', c, { type: 'billing' })),
        el('domain:authInfo', {}, [leaf('domain:pw', d.authInfo ?? 'token-123')]),
      ]),
    ]),
  );
}

export function domainUpdate(
  name: string,
  u: {
    addNs?: string[];
    remNs?: string[];
    addStatus?: string[];
    remStatus?: string[];
    registrant?: string;
    authInfo?: string;
  },
  extension: XmlBuildElement[] = [],
  emptyChg = false,
): string {
  const add = [
    ...(u.addNs?.length
      ? [
          el(
            'domain:ns',
            {},
            u.addNs.map((h) => leaf('domain:hostObj', h)),
          ),
        ]
      : []),
    ...(u.addStatus ?? []).map((s) => el('domain:status', { s })),
  ];
  const rem = [
    ...(u.remNs?.length
      ? [
          el(
            'domain:ns',
            {},
            u.remNs.map((h) => leaf('domain:hostObj', h)),
          ),
        ]
      : []),
    ...(u.remStatus ?? []).map((s) => el('domain:status', { s })),
  ];
  const chg = [
    u.registrant !== undefined && leaf('domain:registrant', u.registrant),
    u.authInfo !== undefined && el('domain:authInfo', {}, [leaf('domain:pw', u.authInfo)]),
  ].filter((x): x is XmlBuildElement => x !== false);
  return command(
    el('update', {}, [
      el('domain:update', { 'xmlns:domain': NS.domain }, [
        leaf('domain:name', name),
        add.length > 0 && el('domain:add', {}, add),
        rem.length > 0 && el('domain:rem', {}, rem),
        (chg.length > 0 || emptyChg) && el('domain:chg', {}, chg),
      ]),
    ]),
    extension,
  );
}

export function restoreRequest(name: string): string {
  return domainUpdate(
    name,
    {},
    [el('rgp:update', { 'xmlns:rgp': NS.rgp }, [el('rgp:restore', { op: 'request' })])],
    true,
  );
}

export function restoreReport(name: string, delTime: Date, resTime: Date): string {
  return domainUpdate(
    name,
    {},
    [
      el('rgp:update', { 'xmlns:rgp': NS.rgp }, [
        el('rgp:restore', { op: 'report' }, [
          el('rgp:report', {}, [
            leaf('rgp:preData', 'pre'),
            leaf('rgp:postData', 'post'),
            leaf('rgp:delTime', delTime.toISOString()),
            leaf('rgp:resTime', resTime.toISOString()),
            leaf('rgp:resReason', 'Registrant error.'),
            leaf(
              'rgp:statement',
              'This registrar has not restored the domain in order to assume the rights.',
            ),
            leaf('rgp:statement', 'The information in this report is true.'),
          ]),
        ]),
      ]),
    ],
    true,
  );
}

export function domainRenew(name: string, curExpDate: string, years = 1): string {
  return obj('domain', 'renew', 'name', name, [
    leaf('domain:curExpDate', curExpDate),
    leaf('domain:period', years, { unit: 'y' }),
  ]);
}

export function domainTransfer(op: 'request' | 'query' | 'approve', name: string, authInfo?: string): string {
  return command(
    el('transfer', { op }, [
      el('domain:transfer', { 'xmlns:domain': NS.domain }, [
        leaf('domain:name', name),
        authInfo !== undefined && el('domain:authInfo', {}, [leaf('domain:pw', authInfo)]),
      ]),
    ]),
  );
}

export function furyInfo(keys: string[] = [], language?: string): string {
  return serializeXml(
    el('epp', { xmlns: NS.epp }, [
      el('extension', {}, [
        el('fury:command', { 'xmlns:fury': NS.fury }, [
          el('fury:info', {}, [
            language !== undefined && leaf('fury:language', language),
            el(
              'fury:properties',
              {},
              keys.map((k) => el('fury:property', {}, [leaf('fury:key', k)])),
            ),
          ]),
        ]),
      ]),
    ]),
  );
}

export function furyCheck(props: Record<string, string[]>): string {
  return serializeXml(
    el('epp', { xmlns: NS.epp }, [
      el('extension', {}, [
        el('fury:command', { 'xmlns:fury': NS.fury }, [
          el('fury:check', {}, [
            el(
              'fury:properties',
              {},
              Object.entries(props).map(([k, vs]) =>
                el('fury:property', {}, [leaf('fury:key', k), ...vs.map((v) => leaf('fury:value', v))]),
              ),
            ),
          ]),
        ]),
      ]),
    ]),
  );
}
