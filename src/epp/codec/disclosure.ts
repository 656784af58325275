import { NS } from './namespaces';
import { child, childrenOf, parseXml, type XmlElement } from './xml';

/**
 * What personal data an outgoing command frame discloses to the registry, read from the frame
 * itself: the disclosure ledger records exactly this, in the code path that sends the frame, so
 * the ledger cannot say something other than what went on the wire. Values are the element texts
 * as they are in the XML (decoded, not trimmed).
 */
export type DisclosureCommand = 'contact:create' | 'contact:update' | 'contact:delete' | 'domain:delete';

export interface DisclosedField {
  /**
   * Canonical field name: `name`, `org`, `street[0]`…, `city`, `sp`, `pc`, `cc`, `voice`, `fax`,
   * `email`, `property:<KEY>` (Fury), `legalForm`, `legalFormRegNo` (DRS5).
   */
  readonly field: string;
  readonly value: string;
}

export interface WireDisclosure {
  readonly command: DisclosureCommand;
  /** contact:* commands. */
  readonly contactId?: string;
  /** domain:delete. */
  readonly domainName?: string;
  /** Empty for the commands that end a disclosure (contact:delete, domain:delete). */
  readonly fields: readonly DisclosedField[];
}

/**
 * Reads the disclosure from an outgoing frame: contact:create and contact:update (the `chg`
 * values, Fury properties being added, the SIDN legal form) carry personal data; contact:delete and
 * domain:delete end a disclosure. Any other frame, and a contact:update that changes no personal
 * data (statuses, authInfo, property removals only), gives `null`. Throws if the frame does not
 * parse: a frame we cannot read must not be sent unrecorded.
 */
export function extractDisclosure(xml: string): WireDisclosure | null {
  const root = parseXml(xml);
  const command = child(root, NS.epp, 'command');
  if (!command) return null;
  const extension = child(command, NS.epp, 'extension');

  const contactCreate = child(child(command, NS.epp, 'create'), NS.contact, 'create');
  if (contactCreate) {
    return {
      command: 'contact:create',
      contactId: idOf(contactCreate),
      fields: [
        ...contactFields(contactCreate),
        ...furyFields(child(extension, NS.fury, 'create')),
        ...sidnFields(extension, 'create'),
      ],
    };
  }

  const contactUpdate = child(child(command, NS.epp, 'update'), NS.contact, 'update');
  if (contactUpdate) {
    const fields = [
      ...contactFields(child(contactUpdate, NS.contact, 'chg')),
      // Added property values are disclosed; removed ones are values the registry already holds.
      ...furyFields(child(child(extension, NS.fury, 'update'), NS.fury, 'add')),
      ...sidnFields(extension, 'update'),
    ];
    return fields.length > 0 ? { command: 'contact:update', contactId: idOf(contactUpdate), fields } : null;
  }

  const contactDelete = child(child(command, NS.epp, 'delete'), NS.contact, 'delete');
  if (contactDelete) return { command: 'contact:delete', contactId: idOf(contactDelete), fields: [] };

  const domainDelete = child(child(command, NS.epp, 'delete'), NS.domain, 'delete');
  if (domainDelete) {
    return {
      command: 'domain:delete',
      domainName: child(domainDelete, NS.domain, 'name')?.text ?? '',
      fields: [],
    };
  }
  return null;
}

function idOf(e: XmlElement): string {
  return child(e, NS.contact, 'id')?.text ?? '';
}

/** postalInfo (name, org, addr), voice, fax, email of a contact:create or contact:update chg. */
function contactFields(e: XmlElement | undefined): DisclosedField[] {
  if (!e) return [];
  const out: DisclosedField[] = [];
  const text = (field: string, el: XmlElement | undefined) => {
    if (el) out.push({ field, value: el.text });
  };
  for (const pi of childrenOf(e, NS.contact, 'postalInfo')) {
    text('name', child(pi, NS.contact, 'name'));
    text('org', child(pi, NS.contact, 'org'));
    const addr = child(pi, NS.contact, 'addr');
    childrenOf(addr, NS.contact, 'street').forEach((s, i) => text(`street[${i}]`, s));
    for (const f of ['city', 'sp', 'pc', 'cc']) text(f, child(addr, NS.contact, f));
  }
  for (const f of ['voice', 'fax', 'email']) text(f, child(e, NS.contact, f));
  return out;
}

/** `property:<KEY>` for each value under a Fury `properties` holder (fury:create, fury:add). */
function furyFields(holder: XmlElement | undefined): DisclosedField[] {
  const out: DisclosedField[] = [];
  for (const p of childrenOf(child(holder, NS.fury, 'properties'), NS.fury, 'property')) {
    const key = child(p, NS.fury, 'key')?.text ?? '';
    for (const v of childrenOf(p, NS.fury, 'value')) out.push({ field: `property:${key}`, value: v.text });
  }
  return out;
}

function sidnFields(extension: XmlElement | undefined, op: 'create' | 'update'): DisclosedField[] {
  const contact = child(child(child(extension, NS.sidn, 'ext'), NS.sidn, op), NS.sidn, 'contact');
  const out: DisclosedField[] = [];
  for (const f of ['legalForm', 'legalFormRegNo']) {
    const e = child(contact, NS.sidn, f);
    if (e) out.push({ field: f, value: e.text });
  }
  return out;
}
