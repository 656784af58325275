import type { FieldViolation } from '../common/validation';
import type { Period } from '../epp/codec/commands/types';
import { CustomerProfile, isProfileField, LEGAL_FORMS, LegalForm } from '../recipients/profile-fields';
import * as n from './normalise';

/**
 * Validation and normalisation of `POST /v1/registrations` (and its preview), by hand rather than
 * by the global ValidationPipe: the customer profile may carry fields we do not know (they are
 * dropped or kept per the recipients register), while unknown top-level fields are refused. Every
 * problem is reported as field + rule; values are never echoed.
 */
export interface RegistrationRequest {
  readonly orderId?: string;
  readonly domain: n.DomainName;
  readonly nameservers: readonly string[];
  readonly period: Period;
  readonly customerId: string;
  readonly profile: CustomerProfile;
}

export type ParsedRequest =
  { ok: true; value: RegistrationRequest } | { ok: false; violations: FieldViolation[] };

const TOP_LEVEL = ['orderId', 'domain', 'nameservers', 'period', 'customer'];
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
/** SIDN: at most 13 name servers (hostObj only). */
export const MAX_NAMESERVERS = 13;

export function parseRegistrationRequest(body: unknown): ParsedRequest {
  const violations: FieldViolation[] = [];
  const violate = (field: string, rule: string, message: string) =>
    violations.push({ field, rule, message: `${field} ${message}` });
  const check = <T>(field: string, result: n.Normalised<T>): T | undefined => {
    if (result.ok) return result.value;
    violate(field, result.rule, result.message);
    return undefined;
  };
  if (!isRecord(body)) {
    violate('body', 'isObject', 'must be a JSON object');
    return { ok: false, violations };
  }
  for (const key of Object.keys(body))
    if (!TOP_LEVEL.includes(key)) violate(key, 'unknownField', 'is not a known field');

  let orderId: string | undefined;
  if (body.orderId !== undefined) {
    if (typeof body.orderId !== 'string' || !ID.test(body.orderId))
      violate('orderId', 'isOrderId', `must match ${ID.source}`);
    else orderId = body.orderId;
  }
  const domain =
    body.domain === undefined
      ? (violate('domain', 'isDefined', 'is required'), undefined)
      : check('domain', n.nlDomain(body.domain));

  const nameservers: string[] = [];
  if (body.nameservers !== undefined) {
    if (!Array.isArray(body.nameservers)) violate('nameservers', 'isArray', 'must be a list of host names');
    else if (body.nameservers.length > MAX_NAMESERVERS)
      violate('nameservers', 'arrayMaxSize', `must have at most ${MAX_NAMESERVERS} entries`);
    else {
      body.nameservers.forEach((ns: unknown, i: number) => {
        const host = check(`nameservers[${i}]`, n.hostName(ns));
        if (host === undefined) return;
        if (nameservers.includes(host)) violate(`nameservers[${i}]`, 'arrayUnique', 'is listed twice');
        else if (domain && host.endsWith(`.${domain.ace}`)) {
          // An in-bailiwick name server needs glue addresses, which this API does not take.
          violate(
            `nameservers[${i}]`,
            'notInBailiwick',
            'must not be a host under the domain being registered',
          );
        } else nameservers.push(host);
      });
    }
  }

  // SIDN: new registrations run 12 months (1 year); the field exists for the order system to be explicit.
  let period: Period = { value: 1, unit: 'y' };
  if (body.period !== undefined) {
    const p = body.period;
    if (!isRecord(p) || Object.keys(p).some((k) => k !== 'value' && k !== 'unit')) {
      violate('period', 'isPeriod', 'must be {"value": 1, "unit": "y"} or {"value": 12, "unit": "m"}');
    } else if (!((p.value === 1 && p.unit === 'y') || (p.value === 12 && p.unit === 'm'))) {
      violate('period', 'sidnPeriod', 'must be 1 year (12 months): SIDN registers .nl names for 12 months');
    } else period = { value: p.value, unit: p.unit };
  }

  let customerId: string | undefined;
  let profile: CustomerProfile | undefined;
  const c = body.customer;
  if (!isRecord(c)) violate('customer', 'isObject', 'is required and must be an object');
  else {
    if (typeof c.customerId !== 'string' || !ID.test(c.customerId)) {
      violate('customer.customerId', 'isCustomerId', `is required and must match ${ID.source}`);
    } else customerId = c.customerId;
    profile = parseProfile(c, (field, result) => check(`customer.${field}`, result), violate);
  }
  if (violations.length || !domain || !customerId || !profile) return { ok: false, violations };
  return {
    ok: true,
    value: { ...(orderId ? { orderId } : {}), domain, nameservers, period, customerId, profile },
  };
}

function parseProfile(
  c: Record<string, unknown>,
  check: <T>(field: string, result: n.Normalised<T>) => T | undefined,
  violate: (field: string, rule: string, message: string) => void,
): CustomerProfile | undefined {
  const required = (field: string) => {
    if (c[field] === undefined || c[field] === null) {
      violate(`customer.${field}`, 'isDefined', 'is required');
      return false;
    }
    return true;
  };
  const optional = (field: string) => c[field] !== undefined && c[field] !== null && c[field] !== '';

  const name = required('name') ? check('name', n.text(c.name)) : undefined;
  const organisation = optional('organisation') ? check('organisation', n.text(c.organisation)) : undefined;
  let legalForm: LegalForm | undefined;
  if (optional('legalForm')) {
    const lf = typeof c.legalForm === 'string' ? c.legalForm.trim().toUpperCase() : '';
    if ((LEGAL_FORMS as readonly string[]).includes(lf)) legalForm = lf as LegalForm;
    else violate('customer.legalForm', 'isLegalForm', `must be one of ${LEGAL_FORMS.join(', ')}`);
  } else if (organisation !== undefined) {
    violate('customer.legalForm', 'requiredForOrganisation', 'is required when an organisation is given');
  } else legalForm = 'PERSOON';
  if (
    legalForm !== undefined &&
    legalForm !== 'PERSOON' &&
    organisation === undefined &&
    !optional('organisation')
  ) {
    violate(
      'customer.organisation',
      'requiredForLegalForm',
      'is required for a legal form other than PERSOON',
    );
  }
  if (legalForm === 'PERSOON' && organisation !== undefined) {
    violate('customer.organisation', 'notForNaturalPerson', 'must be empty when the legal form is PERSOON');
  }
  const kvk = optional('kvkNumber') ? check('kvkNumber', n.kvkNumber(c.kvkNumber)) : undefined;
  const street = required('street') ? check('street', n.streetLines(c.street)) : undefined;
  const city = required('city') ? check('city', n.text(c.city)) : undefined;
  const countryCode = required('countryCode')
    ? check('countryCode', n.countryCode(c.countryCode))
    : undefined;
  let postalCode: string | undefined;
  if (optional('postalCode')) {
    if (countryCode !== undefined) postalCode = check('postalCode', n.postalCode(c.postalCode, countryCode));
  } else if (countryCode === 'NL') {
    violate('customer.postalCode', 'requiredForNL', 'is required for a Dutch address (SIDN)');
  }
  const phone = required('phone') ? check('phone', n.phone(c.phone, countryCode)) : undefined;
  const email = required('email') ? check('email', n.email(c.email)) : undefined;

  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(c)) {
    if (key === 'customerId' || isProfileField(key)) continue;
    if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(key)) {
      violate('customer', 'extraFieldName', 'extra field names must be 1-64 letters, digits or _');
      continue;
    }
    extra[key] = value;
  }
  if (!name || !legalForm || !street || !city || !countryCode || !phone || !email) return undefined;
  if (countryCode === 'NL' && !postalCode) return undefined;
  return {
    name,
    ...(organisation !== undefined ? { organisation } : {}),
    legalForm,
    ...(kvk !== undefined ? { kvkNumber: kvk } : {}),
    street,
    ...(postalCode !== undefined ? { postalCode } : {}),
    city,
    countryCode,
    phone,
    email,
    extra,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
