import type { DeclaredRecipient, RecipientPolicy } from '../ledger/recipient-policy';
import type { ProfileField } from './profile-fields';
import type { RecipientsRegister } from './recipients-register';

/**
 * The names under which a profile field appears in an encoded EPP frame (what the codec's
 * `extractDisclosure` reports: `name`, `org`, `street[0]`..., `pc`, `property:<KEY>`, `legalForm`...). The ledger checks wire field names against the register, so each
 * allowed profile field allows exactly its own wire names — nothing else.
 * On DRS5 an organisation's name travels in `name` (see sidn-projection.ts).
 */
export function wireNames(
  field: ProfileField,
  registry?: { legalFormProperty: string; kvkNumberProperty: string },
): string[] {
  switch (field) {
    case 'name':
      return ['name'];
    case 'organisation':
      return ['org', 'name'];
    case 'street':
      return ['street[0]', 'street[1]', 'street[2]'];
    case 'postalCode':
      return ['pc'];
    case 'city':
      return ['city'];
    case 'countryCode':
      return ['cc'];
    case 'phone':
      return ['voice'];
    case 'email':
      return ['email'];
    case 'legalForm':
      return ['legalForm', ...(registry ? [`property:${registry.legalFormProperty}`] : [])];
    case 'kvkNumber':
      return ['legalFormRegNo', ...(registry ? [`property:${registry.kvkNumberProperty}`] : [])];
  }
}

/** The register as the ledger's RecipientPolicy: role, purpose, legal basis and allowed fields. */
export function recipientPolicyFromRegister(register: RecipientsRegister): RecipientPolicy {
  const declared: DeclaredRecipient[] = register.recipients.map((r) => ({
    id: r.id,
    role: r.role,
    purpose: r.purpose,
    legalBasis: r.legalBasis,
    fields: [...r.fields.keys()],
  }));
  const allowed = new Map(
    register.recipients.map((r) => [
      r.id,
      new Set([...r.fields.keys()].flatMap((f) => [f, ...wireNames(f, r.registry)])),
    ]),
  );
  const byId = new Map(register.recipients.map((r) => [r.id, r]));
  return {
    role: (id) => byId.get(id)?.role,
    purpose: (id) => byId.get(id)?.purpose,
    legalBasis: (id) => byId.get(id)?.legalBasis,
    isFieldAllowed: (id, field) => allowed.get(id)?.has(field) ?? false,
    declaredRecipients: () => declared,
  };
}
