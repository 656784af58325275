import { NS } from '../../../src/epp/codec/namespaces';
import { find, parseXml, XmlElement } from '../../../src/epp/codec/xml';

const CONTACT_LEAVES = ['name', 'org', 'street', 'city', 'sp', 'pc', 'cc', 'voice', 'fax', 'email'];

/**
 * Stand-in for the codec's extractDisclosure in DB tests: reads the personal-data leaves of a
 * contact:create/update frame (postal info, voice, fax, email, Fury properties, SIDN legal form).
 */
export function testExtractDisclosure(xml: string): { fields: { field: string; value: string }[] } {
  const fields: { field: string; value: string }[] = [];
  const walk = (el: XmlElement) => {
    for (const c of el.children) {
      if (c.ns === NS.contact && CONTACT_LEAVES.includes(c.local))
        fields.push({ field: c.local, value: c.text });
      else if (c.local === 'property') {
        const key = c.children.find((k) => k.local === 'key');
        const value = c.children.find((k) => k.local === 'value');
        if (key && value) fields.push({ field: key.text, value: value.text });
      } else if (c.local === 'legalForm' || c.local === 'legalFormRegNo')
        fields.push({ field: c.local, value: c.text });
      else walk(c);
    }
  };
  const epp = parseXml(xml);
  const command = find(epp, NS.epp, 'command') ?? epp;
  walk(command);
  return { fields };
}
