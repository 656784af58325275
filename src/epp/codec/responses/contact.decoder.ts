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
} from './decode-support';
import { authInfoOf, pendingAction, transferFields } from './domain.decoder';
import { ContactDisclose, ContactPostalInfo, ResData } from './types';

const C = NS.contact;

/** Decodes a `resData` child in the contact namespace (RFC 5733 §3). */
export function decodeContactResData(
  el: XmlElement,
  parent: string,
  notes: DecodeNotes,
): ResData | undefined {
  const path = pathOf(parent, el);
  switch (el.local) {
    case 'chkData': {
      const items = checkItems(el, path, notes, C, 'id', 'contact').map(({ key, ...rest }) => ({
        id: key,
        ...rest,
      }));
      return { type: 'contact:chkData', items };
    }
    case 'infData': {
      notes.others(el, path, C, INFO_CHILDREN);
      const voice = el.children.find((c) => c.local === 'voice' && c.ns === C);
      const fax = el.children.find((c) => c.local === 'fax' && c.ns === C);
      return compact({
        type: 'contact:infData' as const,
        id: required(el, C, 'id'),
        roid: required(el, C, 'roid'),
        statuses: statuses(el, C),
        postalInfo: el.children
          .filter((c) => c.local === 'postalInfo' && c.ns === C)
          .map((p) => postalInfoOf(p, pathOf(path, p), notes)),
        voice: voice?.text.trim(),
        voiceExt: voice?.attrs.x || undefined,
        fax: fax?.text.trim(),
        faxExt: fax?.attrs.x || undefined,
        email: text(el, C, 'email'),
        clID: required(el, C, 'clID'),
        crID: text(el, C, 'crID'),
        crDate: text(el, C, 'crDate'),
        upID: text(el, C, 'upID'),
        upDate: text(el, C, 'upDate'),
        trDate: text(el, C, 'trDate'),
        authInfo: authInfoOf(el, C),
        disclose: discloseOf(el, path, notes),
      });
    }
    case 'creData':
      notes.others(el, path, C, ['id', 'crDate']);
      return { type: 'contact:creData', id: required(el, C, 'id'), crDate: required(el, C, 'crDate') };
    case 'trnData':
      notes.others(el, path, C, ['id', 'trStatus', 'reID', 'reDate', 'acID', 'acDate']);
      return { type: 'contact:trnData', id: required(el, C, 'id'), ...transferFields(el, C) };
    case 'panData': {
      notes.others(el, path, C, ['id', 'paTRID', 'paDate']);
      const { key, fields } = pendingAction(el, C, 'id', path, notes);
      return { type: 'contact:panData', id: key, ...fields };
    }
    default:
      return undefined;
  }
}

const INFO_CHILDREN = [
  'id',
  'roid',
  'status',
  'postalInfo',
  'voice',
  'fax',
  'email',
  'clID',
  'crID',
  'crDate',
  'upID',
  'upDate',
  'trDate',
  'authInfo',
  'disclose',
];

function postalInfoOf(p: XmlElement, path: string, notes: DecodeNotes): ContactPostalInfo {
  notes.others(p, path, C, ['name', 'org', 'addr']);
  const addr = p.children.find((c) => c.local === 'addr' && c.ns === C);
  if (addr) notes.others(addr, pathOf(path, addr), C, ['street', 'city', 'sp', 'pc', 'cc']);
  return compact({
    type: (p.attrs.type ?? '').trim(),
    name: text(p, C, 'name'),
    org: text(p, C, 'org'),
    addr: compact({
      street: texts(addr, C, 'street'),
      city: text(addr, C, 'city'),
      sp: text(addr, C, 'sp'),
      pc: text(addr, C, 'pc'),
      cc: text(addr, C, 'cc'),
    }),
  });
}

function discloseOf(el: XmlElement, path: string, notes: DecodeNotes): ContactDisclose | undefined {
  const d = el.children.find((c) => c.local === 'disclose' && c.ns === C);
  if (!d) return undefined;
  const flag = parseBoolean(d.attrs.flag);
  if (flag === undefined) notes.add(`${pathOf(path, d)}@flag`);
  return {
    flag: flag ?? false,
    fields: d.children
      .filter((c) => c.ns === C)
      .map((c) => (c.attrs.type ? `${c.local}:${c.attrs.type}` : c.local)),
  };
}
