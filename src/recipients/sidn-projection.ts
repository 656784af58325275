import type { ContactCreateCommand, ContactUpdateCommand, FuryProperty } from '../epp/codec/commands/types';
import type { RegistryProfileName } from '../epp/codec/context';
import type { CustomerProfile, ProfileField } from './profile-fields';
import type { RecipientEntry } from './recipients-register';

/**
 * The only path from a customer profile to what SIDN receives: the customer projected through SIDN's
 * allow-list in the recipients register. The EPP encoder only ever sees the `RegistrantContact`
 * produced here, so a field the register does not allow cannot reach the wire.
 *
 * How the fields travel depends on the registry profile (SIDN-PROFILE.md):
 * - `hello` (Hello Registry / Fury): `name` = the person, `org` = the organisation; legal form and
 *   KvK number as fury-2.1 contact properties (keys from the register).
 * - `drs5`: `org` meant a department, so an organisation's name goes in `name` (and the person's
 *   name is then not sent at all); legal form and KvK number in `sidn-ext-epp`.
 * Both: `postalInfo type="loc"` (DRS5 supports only loc; UTF-8 allowed), no fax, no disclose.
 */

/** The registrant contact without the id and authInfo the workflow adds. */
export type RegistrantContact = Omit<ContactCreateCommand, 'id' | 'authInfo'>;

export interface DisclosedField {
  /** The profile field. */
  readonly field: ProfileField;
  readonly value: string | readonly string[];
  /** Where it travels in the EPP frame, e.g. `contact:postalInfo/contact:addr/contact:pc`. */
  readonly carriedAs: string;
  /** The register's reason for allowing the field, plus the projection rule where one applied. */
  readonly rule: string;
}

export interface RegistrantProjection {
  readonly contact: RegistrantContact;
  readonly disclosed: readonly DisclosedField[];
}

export class ProjectionError extends Error {
  override readonly name = 'ProjectionError';
  constructor(readonly field: ProfileField) {
    super(`the SIDN registrant contact needs "${field}", which the recipients register does not allow`);
  }
}

export const isOrganisation = (p: CustomerProfile): boolean => p.legalForm !== 'PERSOON';

export function projectRegistrant(
  profile: CustomerProfile,
  sidn: RecipientEntry,
  registryProfile: RegistryProfileName,
): RegistrantProjection {
  const disclosed: DisclosedField[] = [];
  const allowed = (f: ProfileField) => sidn.fields.has(f);
  const take = <T extends string | readonly string[]>(
    field: ProfileField,
    value: T,
    carriedAs: string,
    extra?: string,
  ): T => {
    const reason = sidn.fields.get(field);
    if (reason === undefined) throw new ProjectionError(field);
    disclosed.push({ field, value, carriedAs, rule: extra ? `${reason} (${extra})` : reason });
    return value;
  };
  const pi = 'contact:postalInfo[@type=loc]';
  const org = isOrganisation(profile) && profile.organisation !== undefined && allowed('organisation');

  let name: string;
  let orgName: string | undefined;
  if (registryProfile === 'drs5' && org) {
    name = take(
      'organisation',
      profile.organisation as string,
      `${pi}/contact:name`,
      'DRS5: an organisation registers under its own name',
    );
  } else {
    name = take('name', profile.name, `${pi}/contact:name`);
    if (org) orgName = take('organisation', profile.organisation as string, `${pi}/contact:org`);
  }
  const street = take('street', profile.street, `${pi}/contact:addr/contact:street`);
  const city = take('city', profile.city, `${pi}/contact:addr/contact:city`);
  const pc =
    profile.postalCode !== undefined && allowed('postalCode')
      ? take('postalCode', profile.postalCode, `${pi}/contact:addr/contact:pc`)
      : undefined;
  const cc = take('countryCode', profile.countryCode, `${pi}/contact:addr/contact:cc`);
  const voice = take('phone', profile.phone, 'contact:voice');
  const email = take('email', profile.email, 'contact:email');

  const kvk =
    isOrganisation(profile) && profile.kvkNumber !== undefined && allowed('kvkNumber')
      ? profile.kvkNumber
      : undefined;
  const kvkRule = 'sent for organisations only';
  const base = {
    postalInfo: {
      type: 'loc' as const,
      name,
      ...(orgName !== undefined ? { org: orgName } : {}),
      addr: { street, city, ...(pc !== undefined ? { pc } : {}), cc },
    },
    voice: { number: voice },
    email,
  };
  if (registryProfile === 'drs5') {
    const legalForm = take('legalForm', profile.legalForm, 'sidn-ext-epp:legalForm');
    const regNo =
      kvk === undefined ? undefined : take('kvkNumber', kvk, 'sidn-ext-epp:legalFormRegNo', kvkRule);
    return {
      contact: { ...base, legalForm, ...(regNo !== undefined ? { legalFormRegNo: regNo } : {}) },
      disclosed,
    };
  }
  const keys = sidn.registry;
  if (!keys) throw new ProjectionError('legalForm');
  const properties: FuryProperty[] = [
    {
      key: keys.legalFormProperty,
      value: take('legalForm', profile.legalForm, `fury:property[${keys.legalFormProperty}]`),
    },
  ];
  if (kvk !== undefined) {
    properties.push({
      key: keys.kvkNumberProperty,
      value: take('kvkNumber', kvk, `fury:property[${keys.kvkNumberProperty}]`, kvkRule),
    });
  }
  return { contact: { ...base, properties }, disclosed };
}

/**
 * The `contact:update` that turns what the registry holds (`current`) into `next`: only what changed
 * is sent (the whole address when any part of it changed: SIDN requires it, RFC 5733 replaces it as a
 * unit). Returns undefined when nothing changed.
 */
export function registrantUpdate(
  id: string,
  current: RegistrantContact,
  next: RegistrantContact,
): ContactUpdateCommand | undefined {
  const cp = current.postalInfo;
  const np = next.postalInfo;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const postalChanged = cp.name !== np.name || cp.org !== np.org || !same(cp.addr, np.addr);
  const chg: NonNullable<ContactUpdateCommand['chg']> = {
    ...(postalChanged
      ? {
          postalInfo: {
            type: np.type,
            ...(cp.name !== np.name ? { name: np.name } : {}),
            ...(cp.org !== np.org ? { org: np.org ?? null } : {}),
            ...(!same(cp.addr, np.addr) ? { addr: np.addr } : {}),
          },
        }
      : {}),
    ...(!same(current.voice, next.voice) ? { voice: next.voice ?? null } : {}),
    ...(current.email !== next.email ? { email: next.email } : {}),
  };
  const cur = new Map((current.properties ?? []).map((p) => [p.key, p.value]));
  const nxt = new Map((next.properties ?? []).map((p) => [p.key, p.value]));
  const add = [...nxt].filter(([k, v]) => cur.get(k) !== v).map(([key, value]) => ({ key, value }));
  const rem = [...cur].filter(([k, v]) => nxt.get(k) !== v).map(([key, value]) => ({ key, value }));
  const legalChanged = current.legalForm !== next.legalForm || current.legalFormRegNo !== next.legalFormRegNo;
  const hasChg = Object.keys(chg).length > 0;
  if (!hasChg && add.length === 0 && rem.length === 0 && !legalChanged) return undefined;
  return {
    id,
    ...(hasChg ? { chg } : {}),
    ...(add.length || rem.length
      ? { properties: { ...(add.length ? { add } : {}), ...(rem.length ? { rem } : {}) } }
      : {}),
    ...(legalChanged
      ? {
          ...(next.legalForm !== undefined ? { legalForm: next.legalForm } : {}),
          ...(next.legalFormRegNo !== undefined ? { legalFormRegNo: next.legalFormRegNo } : {}),
        }
      : {}),
  };
}
