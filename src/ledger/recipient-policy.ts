/**
 * What the ledger needs to know of the recipients register (written elsewhere, in config/): which
 * recipients exist, their role, purpose and legal basis, and which fields each may receive. The
 * ledger refuses to record anything the register does not allow.
 */
export interface DeclaredRecipient {
  id: string;
  role: string;
  purpose: string;
  legalBasis: string;
  fields: readonly string[];
}

export interface RecipientPolicy {
  /** The recipient's role (e.g. 'independent-controller'), undefined when it is not in the register. */
  role(recipient: string): string | undefined;
  isFieldAllowed(recipient: string, field: string): boolean;
  purpose(recipient: string): string | undefined;
  legalBasis(recipient: string): string | undefined;
  /** Every declared recipient, for the summary that sets what happened beside what was declared. */
  declaredRecipients(): readonly DeclaredRecipient[];
}

/** Nest injection token under which the recipients register provides a RecipientPolicy. */
export const RECIPIENT_POLICY = Symbol('RECIPIENT_POLICY');

/** A RecipientPolicy over a fixed list of declarations (tests, or an adapter for the register). */
export function recipientPolicyFromDeclarations(declared: readonly DeclaredRecipient[]): RecipientPolicy {
  const byId = new Map(declared.map((d) => [d.id, d]));
  return {
    role: (r) => byId.get(r)?.role,
    isFieldAllowed: (r, f) => byId.get(r)?.fields.includes(f) ?? false,
    purpose: (r) => byId.get(r)?.purpose,
    legalBasis: (r) => byId.get(r)?.legalBasis,
    declaredRecipients: () => declared,
  };
}
