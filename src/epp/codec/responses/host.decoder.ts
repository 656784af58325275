import { NS } from '../namespaces';
import { XmlElement } from '../xml';
import { checkItems, compact, DecodeNotes, pathOf, required, statuses, text } from './decode-support';
import { pendingAction } from './domain.decoder';
import { ResData } from './types';

const H = NS.host;

/** Decodes a `resData` child in the host namespace (RFC 5732 §3). */
export function decodeHostResData(el: XmlElement, parent: string, notes: DecodeNotes): ResData | undefined {
  const path = pathOf(parent, el);
  switch (el.local) {
    case 'chkData': {
      const items = checkItems(el, path, notes, H, 'name', 'host').map(({ key, ...rest }) => ({
        name: key,
        ...rest,
      }));
      return { type: 'host:chkData', items };
    }
    case 'infData':
      notes.others(el, path, H, [
        'name',
        'roid',
        'status',
        'addr',
        'clID',
        'crID',
        'crDate',
        'upID',
        'upDate',
        'trDate',
      ]);
      return compact({
        type: 'host:infData' as const,
        name: required(el, H, 'name'),
        roid: required(el, H, 'roid'),
        statuses: statuses(el, H),
        addresses: el.children
          .filter((c) => c.local === 'addr' && c.ns === H)
          .map((a) => ({
            ip: a.attrs.ip === 'v6' ? ('v6' as const) : ('v4' as const),
            address: a.text.trim(),
          })),
        clID: required(el, H, 'clID'),
        crID: text(el, H, 'crID'),
        crDate: text(el, H, 'crDate'),
        upID: text(el, H, 'upID'),
        upDate: text(el, H, 'upDate'),
        trDate: text(el, H, 'trDate'),
      });
    case 'creData':
      notes.others(el, path, H, ['name', 'crDate']);
      return { type: 'host:creData', name: required(el, H, 'name'), crDate: required(el, H, 'crDate') };
    case 'panData': {
      notes.others(el, path, H, ['name', 'paTRID', 'paDate']);
      const { key, fields } = pendingAction(el, H, 'name', path, notes);
      return { type: 'host:panData', name: key, ...fields };
    }
    default:
      return undefined;
  }
}
