import type { RestoreReport } from '../../epp/codec/commands/types';
import { dateTime, line } from '../../epp/codec/commands/values';
import { NS } from '../../epp/codec/namespaces';
import { el, leaf, type XmlBuildElement } from '../../epp/codec/xml';

/**
 * RFC 3915 registry grace period: the restore of a domain in redemption (Hello Registry's
 * quarantine). Both go on a domain:update.
 */
const XMLNS = { 'xmlns:rgp': NS.rgp };

/** RFC 3915 §4.2.5: `<rgp:update><rgp:restore op="request"/></rgp:update>`. */
export function rgpRestoreRequest(): XmlBuildElement {
  return el('rgp:update', XMLNS, [el('rgp:restore', { op: 'request' })]);
}

/** RFC 3915 §4.2.5: the restore report (`op="report"`). Free text may not be empty (XSD). */
export function rgpRestoreReport(r: RestoreReport): XmlBuildElement {
  // preData/postData/resReason/statement/other are free text (mixed content in the XSD), so
  // line breaks are allowed there; only the XML-level character check applies.
  const text = (field: string, v: string) => {
    if (typeof v !== 'string' || v.length === 0) line(field, v);
    return v;
  };
  return el('rgp:update', XMLNS, [
    el('rgp:restore', { op: 'report' }, [
      el('rgp:report', {}, [
        leaf('rgp:preData', text('report.preData', r.preData)),
        leaf('rgp:postData', text('report.postData', r.postData)),
        leaf('rgp:delTime', dateTime('report.delTime', r.delTime)),
        leaf('rgp:resTime', dateTime('report.resTime', r.resTime)),
        leaf('rgp:resReason', text('report.resReason', r.resReason)),
        leaf('rgp:statement', text('report.statements[0]', r.statements[0])),
        leaf('rgp:statement', text('report.statements[1]', r.statements[1])),
        r.other !== undefined && leaf('rgp:other', text('report.other', r.other)),
      ]),
    ]),
  ]);
}
