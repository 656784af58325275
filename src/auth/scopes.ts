/** The scopes an API client can hold. Each route names the one it needs. */
export const SCOPES = ['registrations:write', 'registrations:read', 'ledger:read', 'privacy:admin'] as const;
export type Scope = (typeof SCOPES)[number];
