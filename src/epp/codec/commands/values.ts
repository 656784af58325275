import type { EncodeContext } from '../context';
import { EncodeError } from './encode-error';

/**
 * Value checks shared by the encoders. They enforce the XSD constraints that would otherwise only
 * show up as a rejected frame, and one stricter rule: no control characters (tab, CR, LF
 * included) in single-line values. XML parsers and the XSD types `normalizedString` / `token`
 * rewrite those characters, so the registry would store something other than what we encoded and
 * what the disclosure ledger commits to. Errors name the field, never the value.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/;

function codePoints(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

function invalid(field: string, rule: string): EncodeError {
  return new EncodeError('invalid-value', `${field}: ${rule}`, field);
}

export interface LengthRule {
  readonly min?: number;
  readonly max?: number;
}

/** A `normalizedString` value on one line (postal lines, property values, passwords). */
export function line(field: string, value: string, { min = 1, max = Infinity }: LengthRule = {}): string {
  if (typeof value !== 'string') throw invalid(field, 'must be a string');
  if (CONTROL.test(value)) throw invalid(field, 'must not contain control characters (tab, line breaks)');
  const n = codePoints(value);
  if (n < min || n > max) {
    throw invalid(
      field,
      max === Infinity ? `must have at least ${min} characters` : `must have ${min}-${max} characters`,
    );
  }
  return value;
}

/**
 * A `token` value: additionally no leading, trailing or repeated spaces, because the XSD type
 * collapses them and the registry would see a different value.
 */
export function token(
  field: string,
  value: string,
  rule: LengthRule & { pattern?: RegExp; what?: string } = {},
): string {
  line(field, value, rule);
  if (/^ | $| {2}/.test(value)) throw invalid(field, 'must not have leading, trailing or repeated spaces');
  if (rule.pattern && !rule.pattern.test(value))
    throw invalid(field, `must be ${rule.what ?? 'well-formed'}`);
  return value;
}

/** RFC 5730 `clIDType` (contact and client ids): token of 3-16 characters. */
export function clientId(field: string, value: string): string {
  return token(field, value, { min: 3, max: 16 });
}

/** `eppcom:labelType` (domain and host names). */
export function label(field: string, value: string): string {
  return token(field, value, { min: 1, max: 255 });
}

/** RFC 5730 `trIDStringType`. */
export function clTRID(value: string): string {
  return token('clTRID', value, { min: 3, max: 64 });
}

const E164 = /^\+[0-9]{1,3}\.[0-9]{1,14}$/;
export function e164(field: string, value: string): string {
  return token(field, value, {
    min: 1,
    max: 17,
    pattern: E164,
    what: 'an E.164 number in the form +CC.NUMBER',
  });
}

const DATE = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
export function date(field: string, value: string): string {
  return token(field, value, { pattern: DATE, what: 'a date YYYY-MM-DD' });
}

const DATE_TIME =
  /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$/;
export function dateTime(field: string, value: string): string {
  return token(field, value, { pattern: DATE_TIME, what: 'an xs:dateTime' });
}

export function integer(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw invalid(field, `must be an integer ${min}-${max}`);
  return value;
}

export function hex(field: string, value: string): string {
  return token(field, value, {
    pattern: /^([0-9a-fA-F]{2})+$/,
    what: 'hexadecimal with an even number of digits',
  });
}

export function nonEmpty<T>(field: string, values: readonly T[] | undefined, max = Infinity): readonly T[] {
  if (!values || values.length === 0) throw invalid(field, 'must not be empty');
  if (values.length > max) throw invalid(field, `must have at most ${max} entries`);
  return values;
}

/** Fails unless the extension was negotiated at login. */
export function requireExtension(ctx: EncodeContext, ns: string, what: string): void {
  if (!ctx.extensions.has(ns)) {
    throw new EncodeError(
      'extension-not-negotiated',
      `${what} needs the extension ${ns}, which was not negotiated at login (registry profile ${ctx.profile})`,
    );
  }
}
