import { NS } from '../namespaces';
import { XmlElement } from '../xml';
import { compact, DecodeNotes, parseInteger, pathOf, required, text } from './decode-support';
import { decodeFuryInfo, decodeFuryResponse } from './fury.decoder';
import { decodeSidnExt } from './sidn.decoder';
import { ResData, ResponseExtensions, SecDnsDsData, SecDnsKeyData, SidnMessage } from './types';

export interface DecodedExtensions {
  extensions: ResponseExtensions;
  sidnMessages: SidnMessage[] | null;
  /** An extension that is itself the response payload (Fury's property query). */
  resData?: ResData;
}

/**
 * Decodes the children of `<extension>` we understand; everything else is reported as unhandled.
 * Elements are matched by namespace URI, never by prefix (DRS5 responses use `urn1:`, `urn:`...).
 */
export function decodeExtensions(ext: XmlElement, path: string, notes: DecodeNotes): DecodedExtensions {
  const out: DecodedExtensions = { extensions: {}, sidnMessages: null };
  const e = out.extensions;
  for (const c of ext.children) {
    const p = pathOf(path, c);
    if (c.ns === NS.fury && c.local === 'info') e.fury = decodeFuryInfo(c, p, notes);
    else if (c.ns === NS.fury && c.local === 'response') out.resData = decodeFuryResponse(c, p, notes);
    else if (c.ns === NS.rgp && (c.local === 'infData' || c.local === 'upData')) {
      notes.others(c, p, NS.rgp, ['rgpStatus']);
      e.rgp = {
        statuses: c.children
          .filter((s) => s.local === 'rgpStatus' && s.ns === NS.rgp)
          .map((s) => (s.attrs.s ?? '').trim()),
      };
    } else if (c.ns === NS.furyRgp && c.local === 'rgpInfo') {
      notes.others(c, p, NS.furyRgp, ['rgpStatusEnd']);
      e.furyRgp = compact({ rgpStatusEnd: text(c, NS.furyRgp, 'rgpStatusEnd') });
    } else if (c.ns === NS.secDNS && c.local === 'infData') e.secDNS = secDnsOf(c, p, notes);
    else if (c.ns === NS.idn && c.local === 'data') {
      notes.others(c, p, NS.idn, ['table', 'uname']);
      e.idn = compact({ table: text(c, NS.idn, 'table'), uname: text(c, NS.idn, 'uname') });
    } else if (c.ns === NS.sidn && c.local === 'ext') {
      const sidn = decodeSidnExt(c, p, notes);
      Object.assign(e, sidn.extensions);
      if (sidn.messages) out.sidnMessages = [...(out.sidnMessages ?? []), ...sidn.messages];
    } else notes.add(p);
  }
  return out;
}

function secDnsOf(el: XmlElement, path: string, notes: DecodeNotes): ResponseExtensions['secDNS'] {
  const S = NS.secDNS;
  notes.others(el, path, S, ['maxSigLife', 'dsData', 'keyData']);
  const key = (k: XmlElement): SecDnsKeyData => ({
    flags: parseInteger(text(k, S, 'flags')) ?? 0,
    protocol: parseInteger(text(k, S, 'protocol')) ?? 0,
    alg: parseInteger(text(k, S, 'alg')) ?? 0,
    pubKey: required(k, S, 'pubKey'),
  });
  const dsData = el.children
    .filter((c) => c.local === 'dsData' && c.ns === S)
    .map((d): SecDnsDsData => {
      const k = d.children.find((c) => c.local === 'keyData' && c.ns === S);
      return compact({
        keyTag: parseInteger(text(d, S, 'keyTag')) ?? 0,
        alg: parseInteger(text(d, S, 'alg')) ?? 0,
        digestType: parseInteger(text(d, S, 'digestType')) ?? 0,
        digest: required(d, S, 'digest'),
        keyData: k ? key(k) : undefined,
      });
    });
  const keyData = el.children.filter((c) => c.local === 'keyData' && c.ns === S).map(key);
  return compact({ maxSigLife: parseInteger(text(el, S, 'maxSigLife')), dsData, keyData });
}
