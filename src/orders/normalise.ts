import { domainToASCII, domainToUnicode } from 'node:url';

/**
 * Normalisation of what the order system sends into what SIDN accepts (SIDN-PROFILE.md Part 2,
 * "Contact create" and "Domain create"). Each function returns the normalised value or a rule name;
 * callers report the rule with the field, never the value.
 */
export type Normalised<T> = { ok: true; value: T } | { ok: false; rule: string; message: string };
const ok = <T>(value: T): Normalised<T> => ({ ok: true, value });
const bad = <T>(rule: string, message: string): Normalised<T> => ({ ok: false, rule, message });

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

/**
 * One line of text: Unicode NFC, runs of spaces collapsed, trimmed. Control characters (tabs, line
 * breaks) are refused rather than rewritten: the XML types on the wire would rewrite them, and the
 * registry would then hold something other than what the ledger commits to.
 */
export function text(value: unknown, { min = 1, max = 255 } = {}): Normalised<string> {
  if (typeof value !== 'string') return bad('isString', 'must be a string');
  if (CONTROL.test(value))
    return bad('noControlCharacters', 'must not contain control characters or line breaks');
  if (/[\uD800-\uDFFF]/.test(value.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) {
    return bad('wellFormedUnicode', 'must be well-formed Unicode');
  }
  const v = value.normalize('NFC').replace(/ +/g, ' ').trim();
  const n = [...v].length;
  if (n < min) return bad(min === 1 ? 'isNotEmpty' : 'minLength', `must have at least ${min} characters`);
  if (n > max) return bad('maxLength', `must have at most ${max} characters`);
  if (/^[\uFFFE\uFFFF]|[\uFFFE\uFFFF]/.test(v))
    return bad('xmlCharacter', 'contains a character XML cannot carry');
  return ok(v);
}

/** Second-level .nl label rules: a-z, 0-9, '-', 2..63, no '-' at either end (SIDN DRS5 manual §2.2). */
const NL_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])$/;

export interface DomainName {
  /** A-label form, lower case: what goes on the wire. */
  readonly ace: string;
  /** U-label form, for display. */
  readonly unicode: string;
}

/** A .nl domain name: lower case, trailing dot removed, IDN to A-label (punycode) with the U-label kept. */
export function nlDomain(value: unknown): Normalised<DomainName> {
  const t = text(value, { max: 253 });
  if (!t.ok) return t;
  const raw = t.value.replace(/\.$/, '');
  if (/\s/.test(raw)) return bad('isDomainName', 'must not contain spaces');
  const ace = domainToASCII(raw.toLowerCase());
  if (!ace) return bad('isDomainName', 'is not a valid domain name');
  const labels = ace.split('.');
  if (labels.length !== 2 || labels[1] !== 'nl')
    return bad('isNlSecondLevel', 'must be a second-level .nl name (label.nl)');
  const label = labels[0];
  if (!NL_LABEL.test(label))
    return bad('nlLabel', 'label must be 2-63 of a-z, 0-9 and -, not starting or ending with -');
  if (label.slice(2, 4) === '--' && !label.startsWith('xn--'))
    return bad('nlLabel', 'label must not have -- at positions 3-4');
  const unicode = domainToUnicode(ace);
  if (label.startsWith('xn--') && (!unicode || domainToASCII(unicode) !== ace)) {
    return bad('idnLabel', 'is not a valid internationalised label');
  }
  return ok({ ace, unicode });
}

/** A name server host name (host object): lower-case A-labels, at least two labels, each 1-63. */
export function hostName(value: unknown): Normalised<string> {
  const t = text(value, { max: 253 });
  if (!t.ok) return t;
  const ace = domainToASCII(t.value.replace(/\.$/, '').toLowerCase());
  if (!ace || ace.length > 253) return bad('isHostName', 'is not a valid host name');
  const labels = ace.split('.');
  if (labels.length < 2 || labels.some((l) => !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l))) {
    return bad('isHostName', 'is not a valid host name');
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1]))
    return bad('isHostName', 'top-level label must not be numeric');
  return ok(ace);
}

/**
 * Dutch postal code to SIDN's form `1234AB` (no space, upper case; DRS5 regex `[0-9]{4}[A-Z]{2}`).
 * Other countries: a token of at most 16 characters (RFC 5733 `pcType`).
 */
export function postalCode(value: unknown, countryCode: string): Normalised<string> {
  const t = text(value, { max: 16 });
  if (!t.ok) return t;
  if (countryCode === 'NL') {
    const v = t.value.replace(/[\s-]/g, '').toUpperCase();
    if (!/^[1-9][0-9]{3}[A-Z]{2}$/.test(v))
      return bad('isDutchPostalCode', 'must be a Dutch postal code like 1234AB');
    return ok(v);
  }
  return ok(t.value);
}

const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
/** ISO 3166-1 alpha-2, upper case. */
export function countryCode(value: unknown): Normalised<string> {
  const t = text(value, { max: 2 });
  if (!t.ok) return t;
  const v = t.value.toUpperCase();
  if (!/^[A-Z]{2}$/.test(v) || v === 'EU' || v === 'UN' || !regions.of(v)) {
    return bad('isISO31661Alpha2', 'must be an ISO 3166-1 alpha-2 country code');
  }
  return ok(v);
}

// ITU-T E.164 country calling codes with one or two digits; all others have three.
const CC2 = new Set(
  '20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98'.split(
    ' ',
  ),
);

/**
 * A phone number to EPP form `+CC.NUMBER` (RFC 5733 §2.5, SIDN `\+[0-9]{1,3}\.[0-9]{1,14}`).
 * Accepts `+31 6 1234 5678`, `0031612345678`, `06-12345678` (national Dutch form, when the address
 * is in NL), or the EPP form itself. For +31 the number without the trunk 0 must have 9 digits,
 * except 08x/09x service numbers (SIDN DRS5 rule).
 */
export function phone(value: unknown, countryCodeOfAddress: string | undefined): Normalised<string> {
  const t = text(value, { max: 32 });
  if (!t.ok) return t;
  const v = t.value;
  if (!/^\+?[0-9 ().\-/]+$/.test(v))
    return bad('isPhoneNumber', 'must contain only digits, spaces and + ( ) . - /');
  let cc: string;
  let national: string;
  const epp = /^\+([0-9]{1,3})\.([0-9]{1,14})$/.exec(v);
  if (epp) {
    cc = epp[1];
    national = epp[2];
  } else {
    const digits = v.replace(/[^0-9+]/g, '');
    let international: string;
    if (digits.startsWith('+')) international = digits.slice(1);
    else if (digits.startsWith('00')) international = digits.slice(2);
    else if (
      digits.startsWith('0') &&
      (countryCodeOfAddress === 'NL' || countryCodeOfAddress === undefined)
    ) {
      international = '31' + digits.slice(1);
    } else return bad('isInternationalPhoneNumber', 'must start with + and the country calling code');
    if (international.includes('+') || international.length < 3)
      return bad('isPhoneNumber', 'is not a phone number');
    const ccLength =
      international[0] === '1' || international[0] === '7' ? 1 : CC2.has(international.slice(0, 2)) ? 2 : 3;
    cc = international.slice(0, ccLength);
    national = international.slice(ccLength);
  }
  if (cc.startsWith('0')) return bad('isPhoneNumber', 'country calling code must not start with 0');
  if (cc === '31') {
    national = national.replace(/^0/, '');
    const service = /^[89]/.test(national);
    if (service ? national.length < 9 || national.length > 11 : national.length !== 9) {
      return bad('isDutchPhoneNumber', 'a +31 number has 9 digits after the country code (08x/09x: 9-11)');
    }
  }
  if (national.length < 4 || national.length > 14)
    return bad('isPhoneNumber', 'must have 4-14 digits after the country code');
  // E.164 caps a number at 15 digits; RFC 5733's e164StringType (maxLength 17 with "+" and ".") agrees.
  if (cc.length + national.length > 15)
    return bad('isPhoneNumber', 'must have at most 15 digits including the country code');
  return ok(`+${cc}.${national}`);
}

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/** An e-mail address: local part as given (RFC 5322 dot-atom), domain lower case in A-labels. */
export function email(value: unknown): Normalised<string> {
  const t = text(value, { max: 254 });
  if (!t.ok) return t;
  const at = t.value.lastIndexOf('@');
  if (at < 1 || /\s/.test(t.value)) return bad('isEmail', 'must be an e-mail address');
  const local = t.value.slice(0, at);
  const domain = domainToASCII(t.value.slice(at + 1).toLowerCase());
  if (local.length > 64 || !LOCAL_PART.test(local)) return bad('isEmail', 'must be an e-mail address');
  if (!domain || !/^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$/.test(domain)) {
    return bad('isEmail', 'must be an e-mail address');
  }
  const result = `${local}@${domain}`;
  return result.length > 254 ? bad('maxLength', 'must have at most 254 characters') : ok(result);
}

/** KvK number: 8 digits (spaces and dots allowed on input). */
export function kvkNumber(value: unknown): Normalised<string> {
  const t = text(value, { max: 20 });
  if (!t.ok) return t;
  const v = t.value.replace(/[\s.]/g, '');
  return /^[0-9]{8}$/.test(v)
    ? ok(v)
    : bad('isKvkNumber', 'must be an 8-digit Chamber of Commerce (KvK) number');
}

const PO_BOX = /^\s*(postbus|p\.?\s*o\.?\s*box|antwoordnummer)\b/i;
/** 1-3 street lines; SIDN: the first line must not be a PO box. */
export function streetLines(value: unknown): Normalised<string[]> {
  const lines = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(lines) || lines.length < 1 || lines.length > 3) {
    return bad('streetLines', 'must be 1-3 lines (a string or a list)');
  }
  const out: string[] = [];
  for (const line of lines) {
    const t = text(line);
    if (!t.ok) return t;
    out.push(t.value);
  }
  if (PO_BOX.test(out[0])) return bad('noPostOfficeBox', 'the first street line must not be a PO box (SIDN)');
  return ok(out);
}
