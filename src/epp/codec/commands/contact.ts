import { furyCreate, furyUpdate, negotiatedProperties } from '../../../registry-sidn/extensions/fury';
import { sidnContactExt } from '../../../registry-sidn/extensions/sidn-ext';
import type { EncodeContext } from '../context';
import { NS } from '../namespaces';
import { el, leaf, type XmlBuildElement } from '../xml';
import { EncodeError } from './encode-error';
import { authInfoElement, commandFrame, objectElement, statusElement } from './frame';
import type {
  Address,
  ContactCheckCommand,
  ContactCreateCommand,
  ContactDeleteCommand,
  ContactInfoCommand,
  ContactUpdateCommand,
  Disclose,
  DiscloseField,
  Phone,
  PostalInfoType,
} from './types';
import { clientId, e164, line, nonEmpty, requireExtension, token } from './values';

/** RFC 5733 contact commands, with Fury properties (hello) or SIDN's legal form (drs5). */

const c = (local: string) => `contact:${local}`;

function addressElement(field: string, a: Address): XmlBuildElement {
  if (!Array.isArray(a.street) || a.street.length > 3) {
    throw new EncodeError('invalid-value', `${field}.street: must have 0-3 lines`, `${field}.street`);
  }
  return el(c('addr'), {}, [
    ...a.street.map((s, i) => leaf(c('street'), line(`${field}.street[${i}]`, s, { min: 0, max: 255 }))),
    leaf(c('city'), line(`${field}.city`, a.city, { max: 255 })),
    a.sp !== undefined && leaf(c('sp'), line(`${field}.sp`, a.sp, { min: 0, max: 255 })),
    a.pc !== undefined && leaf(c('pc'), token(`${field}.pc`, a.pc, { min: 0, max: 16 })),
    leaf(c('cc'), token(`${field}.cc`, a.cc, { min: 2, max: 2 })),
  ]);
}

/** `voice`/`fax`; `null` writes the empty element that clears the number on update. */
function phoneElement(local: 'voice' | 'fax', p: Phone | null): XmlBuildElement {
  if (p === null) return el(c(local));
  return leaf(c(local), e164(local, p.number), {
    x: p.ext === undefined ? undefined : token(`${local}.ext`, p.ext),
  });
}

const DISCLOSE_ORDER: readonly DiscloseField[] = ['name', 'org', 'addr', 'voice', 'fax', 'email'];

/** RFC 5733 §2.9: element order fixed by the XSD; name/org/addr carry the postal-info type. */
function discloseElement(d: Disclose, postalType: PostalInfoType | undefined): XmlBuildElement {
  const fields = nonEmpty('disclose.fields', d.fields);
  for (const f of fields) {
    if (!DISCLOSE_ORDER.includes(f)) throw new EncodeError('invalid-value', `disclose.fields: unknown field`);
  }
  const type = d.type ?? postalType;
  const typed = (f: DiscloseField) => f === 'name' || f === 'org' || f === 'addr';
  if (type === undefined && fields.some(typed)) {
    throw new EncodeError('invalid-value', 'disclose.type: needed for name, org or addr', 'disclose.type');
  }
  return el(
    c('disclose'),
    { flag: d.flag ? '1' : '0' },
    DISCLOSE_ORDER.filter((f) => fields.includes(f)).map((f) => el(c(f), typed(f) ? { type } : {})),
  );
}

function emailElement(email: string): XmlBuildElement {
  return leaf(c('email'), token('email', email, { min: 1 }));
}

export function encodeContactCheck(cmd: ContactCheckCommand, ctx: EncodeContext): string {
  const ids = nonEmpty('ids', cmd.ids);
  return commandFrame(
    ctx.clTRID,
    el('check', {}, [
      objectElement(
        'contact',
        'check',
        ids.map((id, i) => leaf(c('id'), clientId(`ids[${i}]`, id))),
      ),
    ]),
  );
}

export function encodeContactInfo(cmd: ContactInfoCommand, ctx: EncodeContext): string {
  return commandFrame(
    ctx.clTRID,
    el('info', {}, [
      objectElement('contact', 'info', [
        leaf(c('id'), clientId('id', cmd.id)),
        cmd.authInfo !== undefined && authInfoElement('contact', 'authInfo', cmd.authInfo),
      ]),
    ]),
  );
}

/** The SIDN legal-form extension, when the command carries a legal form. */
function legalFormExtension(
  ctx: EncodeContext,
  op: 'create' | 'update',
  cmd: { legalForm?: string; legalFormRegNo?: string },
): XmlBuildElement | undefined {
  if (cmd.legalForm === undefined && cmd.legalFormRegNo === undefined) return undefined;
  requireExtension(ctx, NS.sidn, `contact:${op} with a legal form`);
  return sidnContactExt(op, cmd);
}

/** RFC 5733 §3.2.1 contact:create (+ `fury:create` properties, + `sidn-ext-epp` legal form). */
export function encodeContactCreate(cmd: ContactCreateCommand, ctx: EncodeContext): string {
  const p = cmd.postalInfo;
  const properties = negotiatedProperties(ctx, cmd.properties, 'contact:create');
  return commandFrame(
    ctx.clTRID,
    el('create', {}, [
      objectElement('contact', 'create', [
        leaf(c('id'), clientId('id', cmd.id)),
        el(c('postalInfo'), { type: p.type }, [
          leaf(c('name'), line('postalInfo.name', p.name, { max: 255 })),
          p.org !== undefined && leaf(c('org'), line('postalInfo.org', p.org, { min: 0, max: 255 })),
          addressElement('postalInfo.addr', p.addr),
        ]),
        cmd.voice !== undefined && phoneElement('voice', cmd.voice),
        cmd.fax !== undefined && phoneElement('fax', cmd.fax),
        emailElement(cmd.email),
        authInfoElement('contact', 'authInfo', cmd.authInfo),
        cmd.disclose !== undefined && discloseElement(cmd.disclose, p.type),
      ]),
    ]),
    [furyCreate(properties), legalFormExtension(ctx, 'create', cmd)],
  );
}

/**
 * RFC 5733 §3.2.5 contact:update. Address changes send the whole `addr` (SIDN requires it, and
 * RFC 5733 replaces the address as a unit anyway). Property changes go in `fury:update`.
 */
export function encodeContactUpdate(cmd: ContactUpdateCommand, ctx: EncodeContext): string {
  const chg = cmd.chg;
  const pi = chg?.postalInfo;
  const statuses = (field: string, list: readonly (string | { s: string })[]) =>
    nonEmpty(field, list, 7).map((s, i) => statusElement('contact', `${field}[${i}]`, s));
  const chgChildren = chg
    ? [
        pi &&
          el(c('postalInfo'), { type: pi.type }, [
            pi.name !== undefined && leaf(c('name'), line('chg.postalInfo.name', pi.name, { max: 255 })),
            pi.org === null && el(c('org')),
            typeof pi.org === 'string' &&
              leaf(c('org'), line('chg.postalInfo.org', pi.org, { min: 0, max: 255 })),
            pi.addr !== undefined && addressElement('chg.postalInfo.addr', pi.addr),
          ]),
        chg.voice !== undefined && phoneElement('voice', chg.voice),
        chg.fax !== undefined && phoneElement('fax', chg.fax),
        chg.email !== undefined && emailElement(chg.email),
        chg.authInfo !== undefined && authInfoElement('contact', 'chg.authInfo', chg.authInfo),
        chg.disclose !== undefined && discloseElement(chg.disclose, pi?.type),
      ]
    : [];
  return commandFrame(
    ctx.clTRID,
    el('update', {}, [
      objectElement('contact', 'update', [
        leaf(c('id'), clientId('id', cmd.id)),
        cmd.add && el(c('add'), {}, statuses('add.statuses', cmd.add.statuses)),
        cmd.rem && el(c('rem'), {}, statuses('rem.statuses', cmd.rem.statuses)),
        chg && el(c('chg'), {}, chgChildren),
      ]),
    ]),
    [furyUpdate(ctx, cmd.properties, 'contact:update'), legalFormExtension(ctx, 'update', cmd)],
  );
}

export function encodeContactDelete(cmd: ContactDeleteCommand, ctx: EncodeContext): string {
  return commandFrame(
    ctx.clTRID,
    el('delete', {}, [objectElement('contact', 'delete', [leaf(c('id'), clientId('id', cmd.id))])]),
  );
}
