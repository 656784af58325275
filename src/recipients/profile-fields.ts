/**
 * The customer-profile fields Handoff knows by name. The recipients register allows fields from this
 * list; any other field the order system sends is "extra" and is kept only if `storage.extraFields`
 * names it.
 */
export const PROFILE_FIELDS = [
  'name',
  'organisation',
  'legalForm',
  'kvkNumber',
  'street',
  'postalCode',
  'city',
  'countryCode',
  'phone',
  'email',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export function isProfileField(value: string): value is ProfileField {
  return (PROFILE_FIELDS as readonly string[]).includes(value);
}

/** DRS5 manual v2.0.1 Bijlage A: the 18 legal forms (also the sandbox's NL_LEGAL_FORM values). */
export const LEGAL_FORMS = [
  'ANDERS',
  'BGG',
  'BRO',
  'BV',
  'BVI/O',
  'COOP',
  'CV',
  'EENMANSZAAK',
  'EESV',
  'KERK',
  'MAATSCHAP',
  'NV',
  'OWM',
  'PERSOON',
  'REDR',
  'STICHTING',
  'VERENIGING',
  'VOF',
] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

/** A customer profile after validation and normalisation (see src/orders/registration-request.ts). */
export interface CustomerProfile {
  readonly name: string;
  readonly organisation?: string;
  readonly legalForm: LegalForm;
  readonly kvkNumber?: string;
  readonly street: readonly string[];
  readonly postalCode?: string;
  readonly city: string;
  readonly countryCode: string;
  /** EPP form `+31.612345678`. */
  readonly phone: string;
  readonly email: string;
  /** Fields outside PROFILE_FIELDS, as sent. Never projected to a recipient. */
  readonly extra: Readonly<Record<string, unknown>>;
}
