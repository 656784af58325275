import { NS } from '../namespaces';
import { XmlElement } from '../xml';
import { decodeContactResData } from './contact.decoder';
import { EppDecodeError } from './decode-error';
import { compact, contentOf, DecodeNotes, pathOf, trIDOf } from './decode-support';
import { decodeDomainResData } from './domain.decoder';
import { decodeExtensions } from './extensions.decoder';
import { decodeHostResData } from './host.decoder';
import { eppChild, eppChildren } from './parse';
import { decodeRegistryContactsDelete } from './sidn.decoder';
import { EppExtValue, EppResponse, EppResult, MsgQ, ResData } from './types';

/**
 * Decodes an element of EPP's `responseType` (RFC 5730 §2.6): the `<response>` of a frame, or the
 * `<data>` DRS5 wraps into a poll message. `strict` (the outer response) throws when the response is
 * unusable; inside a poll message a broken wrapped result is reported, not thrown.
 */
export function decodeResponseElement(el: XmlElement, path: string, strict: boolean): EppResponse {
  const notes = new DecodeNotes();
  notes.others(el, path, [NS.epp, ''], ['result', 'msgQ', 'resData', 'extension', 'trID']);

  const resultEls = eppChildren(el, 'result');
  if (resultEls.length === 0) {
    if (strict) throw new EppDecodeError('missing-result', 'EPP response has no <result> element');
    notes.add(`${path}/result`);
  }
  const results: EppResult[] = [];
  for (const r of resultEls) {
    const result = decodeResult(r, pathOf(path, r), notes);
    if (result) results.push(result);
    else if (strict) {
      const shown = (r.attrs.code ?? '').slice(0, 20);
      throw new EppDecodeError('invalid-result-code', `EPP result code "${shown}" is not a number`);
    } else notes.add(`${pathOf(path, r)}@code`);
  }

  const msgQEl = eppChild(el, 'msgQ');
  const msgQ = msgQEl ? decodeMsgQ(msgQEl, pathOf(path, msgQEl), notes) : null;

  const decoded: ResData[] = [];
  const resDataEl = eppChild(el, 'resData');
  if (resDataEl) {
    const resPath = pathOf(path, resDataEl);
    for (const c of resDataEl.children) {
      const data = decodeResDataChild(c, resPath, notes);
      if (data) decoded.push(data);
      else notes.add(pathOf(resPath, c));
    }
  }

  const extEl = eppChild(el, 'extension');
  const ext = extEl ? decodeExtensions(extEl, pathOf(path, extEl), notes) : undefined;
  if (ext?.resData) decoded.push(ext.resData);

  const trIDEl = eppChild(el, 'trID');
  if (!trIDEl) notes.add(`${path}/trID`);

  return compact({
    results,
    msgQ,
    trID: trIDOf(trIDEl),
    resData: decoded[0],
    moreResData: decoded.length > 1 ? decoded.slice(1) : undefined,
    extensions: ext?.extensions ?? {},
    sidn: ext?.sidnMessages ? { messages: ext.sidnMessages } : null,
    unhandled: notes.unhandled,
  });
}

function decodeResult(r: XmlElement, path: string, notes: DecodeNotes): EppResult | undefined {
  const rawCode = (r.attrs.code ?? '').trim();
  if (!/^\d{4}$/.test(rawCode)) return undefined;
  notes.others(r, path, [NS.epp, ''], ['msg', 'value', 'extValue']);
  const msg = eppChild(r, 'msg');
  const extValues: EppExtValue[] = eppChildren(r, 'extValue').map((x) => {
    const value = eppChild(x, 'value');
    const reason = eppChild(x, 'reason');
    // Fury: <value><fury:ciraCode>8010</fury:ciraCode></value>; .nz sends it without prefix, i.e.
    // in the EPP default namespace: match on the local name only.
    const ciraCode = value?.children.find((c) => c.local === 'ciraCode')?.text.trim();
    return compact({
      value: value ? contentOf(value) : '',
      reason: reason?.text.trim() ?? '',
      reasonLang: reason?.attrs.lang,
      ciraCode: ciraCode || undefined,
    });
  });
  return compact({
    code: Number.parseInt(rawCode, 10),
    message: msg?.text.trim() ?? '',
    lang: msg?.attrs.lang,
    values: eppChildren(r, 'value').map(contentOf),
    extValues,
  });
}

function decodeMsgQ(el: XmlElement, path: string, notes: DecodeNotes): MsgQ {
  notes.others(el, path, [NS.epp, ''], ['qDate', 'msg']);
  const count = Number.parseInt((el.attrs.count ?? '').trim(), 10);
  if (!Number.isFinite(count)) notes.add(`${path}@count`);
  const msg = eppChild(el, 'msg');
  // RFC 5730 msg is mixed content (e.g. "Credit balance low.<limit>100</limit>"); structured
  // children are server-specific and reported.
  if (msg) for (const c of msg.children) notes.add(`${pathOf(pathOf(path, msg), c)}`);
  return compact({
    count: Number.isFinite(count) ? count : 0,
    id: (el.attrs.id ?? '').trim(),
    qDate: eppChild(el, 'qDate')?.text.trim(),
    msg: msg?.text.trim(),
    lang: msg?.attrs.lang,
  });
}

function decodeResDataChild(el: XmlElement, path: string, notes: DecodeNotes): ResData | undefined {
  switch (el.ns) {
    case NS.domain:
      return decodeDomainResData(el, path, notes);
    case NS.contact:
      return decodeContactResData(el, path, notes);
    case NS.host:
      return decodeHostResData(el, path, notes);
    case NS.sidn:
      return el.local === 'pollData' ? decodePollData(el, pathOf(path, el), notes) : undefined;
    case NS.sidnRegistryContactsDelete:
      return el.local === 'registryContactsDeleteData'
        ? decodeRegistryContactsDelete(el, path, notes)
        : undefined;
    default:
      return undefined;
  }
}

/** DRS5 `pollData`: the processed command and its original result, itself a `responseType`. */
function decodePollData(el: XmlElement, path: string, notes: DecodeNotes): ResData {
  notes.others(el, path, NS.sidn, ['command', 'data']);
  const command = el.children.find((c) => c.local === 'command' && c.ns === NS.sidn)?.text.trim() ?? '';
  const dataEl = el.children.find((c) => c.local === 'data' && c.ns === NS.sidn);
  const dataPath = dataEl ? pathOf(path, dataEl) : `${path}/sidn-ext-epp:data`;
  const data = dataEl
    ? decodeResponseElement(dataEl, dataPath, false)
    : ({
        results: [],
        msgQ: null,
        trID: {},
        extensions: {},
        sidn: null,
        unhandled: [dataPath],
      } as EppResponse);
  for (const u of data.unhandled) notes.add(u);
  return { type: 'sidn:pollData', command, data };
}
