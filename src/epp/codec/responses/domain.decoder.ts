import { NS } from '../namespaces';
import { XmlElement } from '../xml';
import {
  checkItems,
  compact,
  DecodeNotes,
  parseBoolean,
  pathOf,
  required,
  statuses,
  text,
  texts,
  trIDOf,
} from './decode-support';
import { ResponseAuthInfo, DomainHostAttr, PendingActionFields, ResData } from './types';

const D = NS.domain;

/** Decodes a `resData` child in the domain namespace (RFC 5731 §3). */
export function decodeDomainResData(el: XmlElement, parent: string, notes: DecodeNotes): ResData | undefined {
  const path = pathOf(parent, el);
  switch (el.local) {
    case 'chkData': {
      const items = checkItems(el, path, notes, D, 'name', 'domain').map(({ key, ...rest }) => ({
        name: key,
        ...rest,
      }));
      return { type: 'domain:chkData', items };
    }
    case 'infData': {
      const ns = el.children.find((c) => c.local === 'ns' && c.ns === D);
      const nameserverAttrs: DomainHostAttr[] = (ns?.children ?? [])
        .filter((c) => c.local === 'hostAttr' && c.ns === D)
        .map((h) => ({
          name: required(h, D, 'hostName'),
          addresses: h.children
            .filter((a) => a.local === 'hostAddr' && a.ns === D)
            .map((a) => ({
              ip: a.attrs.ip === 'v6' ? ('v6' as const) : ('v4' as const),
              address: a.text.trim(),
            })),
        }));
      if (ns) notes.others(ns, pathOf(path, ns), D, ['hostObj', 'hostAttr']);
      notes.others(el, path, D, INFO_CHILDREN);
      return compact({
        type: 'domain:infData' as const,
        name: required(el, D, 'name'),
        roid: required(el, D, 'roid'),
        statuses: statuses(el, D),
        registrant: text(el, D, 'registrant'),
        contacts: el.children
          .filter((c) => c.local === 'contact' && c.ns === D)
          .map((c) => ({ type: (c.attrs.type ?? '').trim(), id: c.text.trim() })),
        nameservers: texts(ns, D, 'hostObj'),
        nameserverAttrs,
        hosts: texts(el, D, 'host'),
        clID: required(el, D, 'clID'),
        crID: text(el, D, 'crID'),
        crDate: text(el, D, 'crDate'),
        upID: text(el, D, 'upID'),
        upDate: text(el, D, 'upDate'),
        exDate: text(el, D, 'exDate'),
        trDate: text(el, D, 'trDate'),
        authInfo: authInfoOf(el, D),
      });
    }
    case 'creData':
      notes.others(el, path, D, ['name', 'crDate', 'exDate']);
      return compact({
        type: 'domain:creData' as const,
        name: required(el, D, 'name'),
        crDate: required(el, D, 'crDate'),
        exDate: text(el, D, 'exDate'),
      });
    case 'renData':
      notes.others(el, path, D, ['name', 'exDate']);
      return compact({
        type: 'domain:renData' as const,
        name: required(el, D, 'name'),
        exDate: text(el, D, 'exDate'),
      });
    case 'trnData':
      notes.others(el, path, D, ['name', 'trStatus', 'reID', 'reDate', 'acID', 'acDate', 'exDate']);
      return compact({
        type: 'domain:trnData' as const,
        name: required(el, D, 'name'),
        ...transferFields(el, D),
        exDate: text(el, D, 'exDate'),
      });
    case 'panData': {
      notes.others(el, path, D, ['name', 'paTRID', 'paDate']);
      const { key, fields } = pendingAction(el, D, 'name', path, notes);
      return { type: 'domain:panData', name: key, ...fields };
    }
    default:
      return undefined;
  }
}

const INFO_CHILDREN = [
  'name',
  'roid',
  'status',
  'registrant',
  'contact',
  'ns',
  'host',
  'clID',
  'crID',
  'crDate',
  'upID',
  'upDate',
  'exDate',
  'trDate',
  'authInfo',
];

export function authInfoOf(el: XmlElement, ns: string): ResponseAuthInfo | undefined {
  const auth = el.children.find((c) => c.local === 'authInfo' && c.ns === ns);
  if (!auth) return undefined;
  const pw = auth.children.find((c) => c.local === 'pw' && c.ns === ns);
  return compact({ pw: pw?.text.trim(), roid: pw?.attrs.roid });
}

export function transferFields(el: XmlElement, ns: string) {
  return {
    trStatus: required(el, ns, 'trStatus'),
    reID: required(el, ns, 'reID'),
    reDate: required(el, ns, 'reDate'),
    acID: required(el, ns, 'acID'),
    acDate: required(el, ns, 'acDate'),
  };
}

/** panData (RFC 5731-5733 §3.3): `<x:name paResult="1">`, `paTRID`, `paDate`. */
export function pendingAction(
  el: XmlElement,
  ns: string,
  idLocal: 'name' | 'id',
  path: string,
  notes: DecodeNotes,
) {
  const idEl = el.children.find((c) => c.local === idLocal && c.ns === ns);
  const paResult = parseBoolean(idEl?.attrs.paResult);
  if (paResult === undefined) notes.add(`${path}/${idEl?.name ?? idLocal}@paResult`);
  const paTRID = el.children.find((c) => c.local === 'paTRID' && c.ns === ns);
  const fields: PendingActionFields = {
    paResult: paResult ?? false,
    paTRID: trIDOf(paTRID),
    paDate: required(el, ns, 'paDate'),
  };
  return { key: idEl?.text.trim() ?? '', fields };
}
