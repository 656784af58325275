import type { PhoneInput, PostalInfoInput } from '../../epp/codec/server/command-decoder';
import { fault } from '../sandbox-error';

/**
 * .nl data rules for contacts. Hello Registry's own rules are not public (SIDN-PROFILE Part 1, GAP 3), so
 * these are the DRS5 rules of Part 2 (manual v2.0.1 §6.2.2, §6.6.3), which state .nl policy. Pure functions.
 */
export interface ContactAddress {
  type: 'loc' | 'int';
  name: string;
  org?: string;
  street: string[];
  city: string;
  sp?: string;
  pc?: string;
  cc: string;
}

/** Client-chosen contact ids on Fury (.ca: 3-16 characters); the character set is the sandbox's choice. */
export const CONTACT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{2,15}$/;
/** DRS5: `pc` required when cc=NL, four digits and two capitals, no space. */
export const NL_POSTAL_CODE = /^[0-9]{4}[A-Z]{2}$/;
/** RFC 5733 e164 shape `+CC.NUMBER`, DRS5: 1-3 digit country code, up to 14 digits. */
export const PHONE = /^\+([0-9]{1,3})\.([0-9]{1,14})$/;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkContactId(id: string): void {
  if (!CONTACT_ID.test(id)) {
    throw fault(
      2005,
      'ContactIdSyntax',
      'Contact id must be 3-16 characters: letters, digits, dot, hyphen, underscore',
    );
  }
}

/** DRS5: for +31 the number without separators and leading 0 has 9 digits (numbers starting 8 or 9 exempt). */
export function checkPhone(p: PhoneInput, field: 'voice' | 'fax'): void {
  const m = PHONE.exec(p.number);
  if (!m) throw fault(2005, 'PhoneSyntax', `${field} must have the form +CC.NUMBER`);
  const [, cc, number] = m;
  if (cc === '31' && !/^[89]/.test(number) && number.length !== 9) {
    throw fault(
      2005,
      'DutchPhoneLength',
      `${field}: a +31 number has 9 digits after the country code, without leading 0`,
    );
  }
}

export function checkEmail(email: string): void {
  if (!EMAIL.test(email)) throw fault(2005, 'EmailSyntax', 'email is not a valid e-mail address');
}

/** Exactly one postal address (DRS5: max 1, `loc`); validates and returns it complete. */
export function checkPostalInfo(postal: PostalInfoInput[]): ContactAddress {
  if (postal.length !== 1) throw fault(2306, 'PostalInfoCount', 'Exactly one postalInfo element is allowed');
  const p = postal[0];
  return checkAddress({
    type: p.type,
    name: p.name ?? '',
    org: p.org,
    street: p.addr?.street ?? [],
    city: p.addr?.city ?? '',
    sp: p.addr?.sp,
    pc: p.addr?.pc,
    cc: p.addr?.cc ?? '',
  });
}

export function checkAddress(a: ContactAddress): ContactAddress {
  if (a.name.trim() === '') throw fault(2003, 'NameMissing', 'name is required');
  const street = a.street.filter((s) => s.trim() !== '');
  if (street.length < 1 || street.length > 3)
    throw fault(2003, 'StreetCount', 'Between 1 and 3 street lines are required');
  if (a.city.trim() === '') throw fault(2003, 'CityMissing', 'city is required');
  const cc = a.cc.toUpperCase();
  if (!/^[A-Z]{2}$/.test(cc)) throw fault(2005, 'CountryCodeSyntax', 'cc must be a two-letter ISO 3166 code');
  if (cc === 'NL') {
    if (a.pc === undefined || a.pc === '')
      throw fault(2003, 'PostalCodeMissing', 'pc is required for an address in NL');
    if (!NL_POSTAL_CODE.test(a.pc))
      throw fault(2005, 'PostalCodeSyntax', 'pc for NL must be four digits and two capitals, e.g. 1234AB');
  }
  return { ...a, street, cc };
}

export function checkVoice(voice: PhoneInput | undefined): PhoneInput {
  if (!voice || voice.number === '') throw fault(2003, 'VoiceMissing', 'voice is mandatory');
  checkPhone(voice, 'voice');
  return voice;
}
