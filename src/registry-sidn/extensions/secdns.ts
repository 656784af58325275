import type { DomainUpdateCommand, DsData } from '../../epp/codec/commands/types';
import { hex, integer, nonEmpty } from '../../epp/codec/commands/values';
import { NS } from '../../epp/codec/namespaces';
import { el, leaf, type XmlBuildElement } from '../../epp/codec/xml';

/** RFC 5910 DNSSEC (`secDNS-1.1`), DS-data interface (what .nl uses). */
const XMLNS = { 'xmlns:secDNS': NS.secDNS };

function dsDataElement(field: string, d: DsData): XmlBuildElement {
  return el('secDNS:dsData', {}, [
    leaf('secDNS:keyTag', integer(`${field}.keyTag`, d.keyTag, 0, 65535)),
    leaf('secDNS:alg', integer(`${field}.alg`, d.alg, 0, 255)),
    leaf('secDNS:digestType', integer(`${field}.digestType`, d.digestType, 0, 255)),
    leaf('secDNS:digest', hex(`${field}.digest`, d.digest)),
  ]);
}

const dsList = (field: string, list: readonly DsData[]) =>
  nonEmpty(field, list).map((d, i) => dsDataElement(`${field}[${i}]`, d));

/** RFC 5910 §5.2.1 `secDNS:create`. */
export function secDnsCreate(dsData: readonly DsData[]): XmlBuildElement {
  return el('secDNS:create', XMLNS, dsList('secDNS.dsData', dsData));
}

/** RFC 5910 §5.2.5 `secDNS:update`: rem (listed DS records, or all) before add, as the XSD orders them. */
export function secDnsUpdate(u: NonNullable<DomainUpdateCommand['secDNS']>): XmlBuildElement | undefined {
  const rem =
    u.rem === undefined
      ? undefined
      : 'all' in u.rem
        ? el('secDNS:rem', {}, [leaf('secDNS:all', 'true')])
        : el('secDNS:rem', {}, dsList('secDNS.rem.dsData', u.rem.dsData));
  const add =
    u.add === undefined ? undefined : el('secDNS:add', {}, dsList('secDNS.add.dsData', u.add.dsData));
  if (!rem && !add) return undefined;
  return el('secDNS:update', XMLNS, [rem, add]);
}
