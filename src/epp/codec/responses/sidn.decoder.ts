import { NS } from '../namespaces';
import { XmlElement } from '../xml';
import { compact, DecodeNotes, parseBoolean, parseInteger, pathOf, text, texts } from './decode-support';
import { RegistryContactsDeleteData, ResponseExtensions, SidnMessage } from './types';

const S = NS.sidn;

const childEl = (el: XmlElement | undefined, local: string) =>
  el?.children.find((c) => c.local === local && c.ns === S);

/**
 * DRS5 `sidn-ext-epp:ext` in a response: `response/msg` (error detail), `infData` (domain, contact,
 * host), `trnData` (token). Booleans SIDN cannot spell (`??` in one client's fixture) are reported.
 */
export function decodeSidnExt(
  ext: XmlElement,
  path: string,
  notes: DecodeNotes,
): { extensions: ResponseExtensions; messages: SidnMessage[] | null } {
  const extensions: ResponseExtensions = {};
  let messages: SidnMessage[] | null = null;
  for (const c of ext.children) {
    const p = pathOf(path, c);
    if (c.ns !== S) {
      notes.add(p);
      continue;
    }
    switch (c.local) {
      case 'response':
        notes.others(c, p, S, ['msg']);
        messages = c.children
          .filter((m) => m.local === 'msg' && m.ns === S)
          .map((m) => {
            // SIDN's own example has code=" T0003": trim.
            const field = m.attrs.field?.trim();
            return compact({
              code: (m.attrs.code ?? '').trim(),
              field: field || undefined,
              text: m.text.trim(),
            });
          });
        break;
      case 'infData':
        decodeInfData(c, p, notes, extensions);
        break;
      case 'trnData':
        notes.others(c, p, S, ['pw', 'domainname', 'requestor', 'requestDate', 'supplyDate']);
        extensions.sidnTransfer = compact({
          pw: text(c, S, 'pw'),
          domainname: text(c, S, 'domainname'),
          requestor: text(c, S, 'requestor'),
          requestDate: text(c, S, 'requestDate'),
          supplyDate: text(c, S, 'supplyDate'),
        });
        break;
      default:
        notes.add(p);
    }
  }
  return { extensions, messages };
}

function bool(el: XmlElement, local: string, path: string, notes: DecodeNotes): boolean | undefined {
  const raw = text(el, S, local);
  if (raw === undefined) return undefined;
  const value = parseBoolean(raw);
  if (value === undefined) notes.add(`${path}/${childEl(el, local)?.name ?? local}`);
  return value;
}

function decodeInfData(el: XmlElement, path: string, notes: DecodeNotes, out: ResponseExtensions): void {
  for (const c of el.children) {
    const p = pathOf(path, c);
    if (c.ns === S && c.local === 'domain') {
      // Lenient on order and extras: `period` without `unit`, `limited` where the schema has none.
      notes.others(c, p, S, ['optOut', 'limited', 'period', 'scheduledDeleteDate']);
      const period = childEl(c, 'period');
      const periodValue = parseInteger(period?.text);
      if (period && periodValue === undefined) notes.add(pathOf(p, period));
      const sdd = childEl(c, 'scheduledDeleteDate');
      const nil = sdd !== undefined && Object.entries(sdd.attrs).some(([k, v]) => isNil(k, v));
      out.sidnDomain = compact({
        optOut: bool(c, 'optOut', p, notes),
        limited: bool(c, 'limited', p, notes),
        period:
          periodValue !== undefined
            ? compact({ value: periodValue, unit: period?.attrs.unit?.trim() || undefined })
            : undefined,
        scheduledDeleteDate: sdd === undefined ? undefined : nil ? null : sdd.text.trim() || null,
      });
    } else if (c.ns === S && c.local === 'contact') {
      notes.others(c, p, S, ['legalForm', 'legalFormRegNo', 'limited']);
      out.sidnContact = compact({
        legalForm: text(c, S, 'legalForm'),
        legalFormRegNo: text(c, S, 'legalFormRegNo'),
        limited: bool(c, 'limited', p, notes),
      });
    } else if (c.ns === S && c.local === 'host') {
      notes.others(c, p, S, ['limited']);
      out.sidnHost = compact({ limited: bool(c, 'limited', p, notes) });
    } else notes.add(p);
  }
}

function isNil(attr: string, value: string): boolean {
  // The tree keeps attribute names as written; xsi is nearly always the prefix. Accept any prefix
  // whose local name is `nil` (we cannot resolve attribute prefixes, and nothing else uses `nil`).
  return (attr === 'nil' || attr.endsWith(':nil')) && parseBoolean(value) === true;
}

/** DRS5 poll 1103 payload: `registryContactsDeleteData/id`. */
export function decodeRegistryContactsDelete(
  el: XmlElement,
  path: string,
  notes: DecodeNotes,
): RegistryContactsDeleteData {
  notes.others(el, pathOf(path, el), NS.sidnRegistryContactsDelete, ['id']);
  return { type: 'registryContactsDelete', ids: texts(el, NS.sidnRegistryContactsDelete, 'id') };
}
