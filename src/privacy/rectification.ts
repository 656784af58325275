import { LEGAL_FORMS, PROFILE_FIELDS, ProfileField } from '../recipients/profile-fields';
import type { CustomerProfile } from '../recipients/profile-fields';
import * as n from '../orders/normalise';
import type { FieldViolation } from '../common/validation';

/**
 * The body of `PATCH /v1/customers/:customerId` (Art. 16): any of the profile fields, normalised the
 * way registrations are (phone to `+31.6...`, postal code to `1234AB`). Unknown fields are refused;
 * values are never echoed in errors. Pure.
 */
export type ProfilePatch = Partial<Omit<CustomerProfile, 'extra'>>;

/**
 * What SIDN does not let an update change on a registrant (SIDN-PROFILE.md Part 2, contact update:
 * "Once a contact is registrant of a domain, its name, legalForm and RegNo can no longer be changed");
 * for an organisation its name travels as the contact's name, so `organisation` is frozen too.
 */
export const FROZEN_FOR_REGISTRANTS: readonly ProfileField[] = [
  'name',
  'organisation',
  'legalForm',
  'kvkNumber',
];

export function parseProfilePatch(
  body: unknown,
  current: CustomerProfile,
): { ok: true; patch: ProfilePatch } | { ok: false; violations: FieldViolation[] } {
  const violations: FieldViolation[] = [];
  const violate = (field: string, rule: string, message: string) =>
    violations.push({ field, rule, message: `${field} ${message}` });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      violations: [{ field: 'body', rule: 'isObject', message: 'body must be a JSON object' }],
    };
  }
  const input = body as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    if (!(PROFILE_FIELDS as readonly string[]).includes(key))
      violate(key, 'unknownField', 'is not a profile field');
  }
  if (Object.keys(input).length === 0) violate('body', 'isNotEmpty', 'must name at least one field');
  const cc = typeof input.countryCode === 'string' ? input.countryCode.toUpperCase() : current.countryCode;
  const take = <T>(field: ProfileField, r: n.Normalised<T>) => {
    if (r.ok) patch[field] = r.value;
    else violate(field, r.rule, r.message);
  };
  for (const key of Object.keys(input) as ProfileField[]) {
    const v = input[key];
    switch (key) {
      case 'name':
      case 'city':
        take(key, n.text(v));
        break;
      case 'organisation':
        take(key, n.text(v));
        break;
      case 'legalForm':
        if (typeof v === 'string' && (LEGAL_FORMS as readonly string[]).includes(v)) patch.legalForm = v;
        else violate('legalForm', 'isIn', `must be one of ${LEGAL_FORMS.join(', ')}`);
        break;
      case 'kvkNumber':
        take(key, n.kvkNumber(v));
        break;
      case 'street':
        take(key, n.streetLines(v));
        break;
      case 'postalCode':
        take(key, n.postalCode(v, cc));
        break;
      case 'countryCode':
        take(key, n.countryCode(v));
        break;
      case 'phone':
        take(key, n.phone(v, cc));
        break;
      case 'email':
        take(key, n.email(v));
        break;
    }
  }
  return violations.length ? { ok: false, violations } : { ok: true, patch: patch as ProfilePatch };
}

/** The fields whose value the patch really changes. */
export function changedFields(current: CustomerProfile, patch: ProfilePatch): ProfileField[] {
  return (Object.keys(patch) as ProfileField[]).filter(
    (f) => JSON.stringify(current[f]) !== JSON.stringify(patch[f]),
  );
}
