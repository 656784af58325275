import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { isProfileField, PROFILE_FIELDS, ProfileField } from './profile-fields';

/**
 * The recipients register (`config/recipients.yaml`): each recipient with its GDPR role, purpose,
 * legal basis and the allow-list of profile fields it may receive, each with the reason. Parsed and
 * validated at boot; a bad register stops the start with a message naming the entry and the rule.
 */
export const RECIPIENT_ROLES = ['processor', 'sub-processor', 'independent-controller', 'public'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

export interface RecipientEntry {
  readonly id: string;
  readonly name: string;
  readonly role: RecipientRole;
  readonly purpose: string;
  readonly legalBasis: string;
  /** Allowed profile field -> why the recipient needs it. */
  readonly fields: ReadonlyMap<ProfileField, string>;
  /** Registry-specific transport settings (SIDN only). */
  readonly registry?: { readonly legalFormProperty: string; readonly kvkNumberProperty: string };
}

export interface RecipientsRegister {
  readonly recipients: readonly RecipientEntry[];
  /** Profile fields Handoff stores (encrypted): every recipient's fields plus `storage.extraFields`. */
  readonly storedFields: ReadonlySet<string>;
  /** Extra (non-profile) fields the register allows Handoff to keep. */
  readonly storedExtraFields: ReadonlySet<string>;
}

/** The id of the .nl registry in the register; its entry must exist and allow what SIDN requires. */
export const SIDN_RECIPIENT = 'sidn';

/** Fields SIDN rejects a registrant contact without (SIDN-PROFILE.md Part 2, contact create). */
const SIDN_REQUIRED: readonly ProfileField[] = [
  'name',
  'street',
  'city',
  'countryCode',
  'phone',
  'email',
  'legalForm',
];

export class RecipientsRegisterError extends Error {
  override readonly name = 'RecipientsRegisterError';
}

const ID = /^[a-z][a-z0-9-]{1,40}$/;
const PROPERTY_KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

export function parseRecipientsRegister(text: string, source = 'recipients register'): RecipientsRegister {
  const fail = (where: string, rule: string): never => {
    throw new RecipientsRegisterError(`${source}: ${where}: ${rule}`);
  };
  const doc = parse(text) as unknown;
  if (!isRecord(doc)) return fail('document', 'must be a mapping');
  if (doc.version !== 1) fail('version', 'must be 1');
  if (!Array.isArray(doc.recipients) || doc.recipients.length === 0)
    fail('recipients', 'must be a non-empty list');
  const seen = new Set<string>();
  const recipients = (doc.recipients as unknown[]).map((raw, i): RecipientEntry => {
    const where = `recipients[${i}]`;
    if (!isRecord(raw)) return fail(where, 'must be a mapping');
    const known = ['id', 'name', 'role', 'purpose', 'legalBasis', 'fields', 'registry'];
    for (const key of Object.keys(raw)) if (!known.includes(key)) fail(`${where}.${key}`, 'unknown key');
    const id = raw.id;
    if (typeof id !== 'string' || !ID.test(id)) return fail(`${where}.id`, `must match ${ID.source}`);
    if (seen.has(id)) fail(`${where}.id`, `duplicate recipient "${id}"`);
    seen.add(id);
    for (const key of ['name', 'purpose', 'legalBasis'] as const) {
      if (typeof raw[key] !== 'string' || !(raw[key] as string).trim())
        fail(`${where}.${key}`, 'required text');
    }
    if (!RECIPIENT_ROLES.includes(raw.role as RecipientRole)) {
      fail(`${where}.role`, `must be one of ${RECIPIENT_ROLES.join(', ')}`);
    }
    if (!isRecord(raw.fields)) return fail(`${where}.fields`, 'must map each allowed field to its reason');
    const fields = new Map<ProfileField, string>();
    for (const [field, reason] of Object.entries(raw.fields)) {
      if (!isProfileField(field))
        fail(`${where}.fields.${field}`, `unknown field (known: ${PROFILE_FIELDS.join(', ')})`);
      if (typeof reason !== 'string' || !reason.trim())
        fail(`${where}.fields.${field}`, 'needs the reason as text');
      fields.set(field as ProfileField, reason as string);
    }
    let registry: RecipientEntry['registry'];
    if (raw.registry !== undefined) {
      const r = raw.registry;
      if (!isRecord(r)) return fail(`${where}.registry`, 'must be a mapping');
      for (const key of ['legalFormProperty', 'kvkNumberProperty'] as const) {
        if (typeof r[key] !== 'string' || !PROPERTY_KEY.test(r[key] as string)) {
          fail(`${where}.registry.${key}`, `must be a Fury property key (${PROPERTY_KEY.source})`);
        }
      }
      registry = {
        legalFormProperty: r.legalFormProperty as string,
        kvkNumberProperty: r.kvkNumberProperty as string,
      };
    }
    return {
      id,
      name: raw.name as string,
      role: raw.role as RecipientRole,
      purpose: raw.purpose as string,
      legalBasis: raw.legalBasis as string,
      fields,
      registry,
    };
  });

  const sidn = recipients.find((r) => r.id === SIDN_RECIPIENT);
  if (!sidn) return fail('recipients', `must contain the registry "${SIDN_RECIPIENT}"`);
  for (const f of SIDN_REQUIRED) {
    if (!sidn.fields.has(f)) fail(`recipients[${SIDN_RECIPIENT}].fields.${f}`, 'SIDN requires this field');
  }
  if (!sidn.registry) fail(`recipients[${SIDN_RECIPIENT}].registry`, 'required (Fury property keys)');
  if (sidn.role !== 'independent-controller') {
    fail(`recipients[${SIDN_RECIPIENT}].role`, 'SIDN controls the .nl register: independent-controller');
  }

  const storage = doc.storage === undefined ? {} : doc.storage;
  if (!isRecord(storage)) return fail('storage', 'must be a mapping');
  const extra = storage.extraFields ?? [];
  if (
    !Array.isArray(extra) ||
    extra.some((f) => typeof f !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(f))
  ) {
    fail('storage.extraFields', 'must be a list of field names');
  }
  const storedExtraFields = new Set((extra as string[]).filter((f) => !isProfileField(f)));
  const storedFields = new Set<string>([
    ...recipients.flatMap((r) => [...r.fields.keys()]),
    ...storedExtraFields,
  ]);
  for (const f of extra as string[]) if (isProfileField(f)) storedFields.add(f);
  return { recipients, storedFields, storedExtraFields };
}

export function loadRecipientsRegister(file: string): RecipientsRegister {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new RecipientsRegisterError(`${file}: cannot be read`);
  }
  return parseRecipientsRegister(text, file);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
