import { encodeContactCreate, encodeContactInfo, FuryProperty } from '../../epp/codec/commands';
import { EppError, EppErrorCode } from '../../epp/codec/errors';
import type { GatedEppExecutor } from './epp-executor';

/** The registrar's own contact details (not customer data), used for its admin/tech handles. */
export interface RegistrarContactDetails {
  name: string;
  org: string;
  street: string[];
  city: string;
  pc: string;
  cc: string;
  voice: string;
  email: string;
  /** Fury properties (hello) the registry requires on a contact, e.g. the legal form. */
  properties?: FuryProperty[];
}

/**
 * Makes sure the registrar's own admin/tech handles exist at the registry (development against the
 * built-in sandbox; at SIDN they exist already). Looks first, creates only what is missing. Returns
 * the handles it created.
 */
export async function ensureRegistrarHandles(
  executor: GatedEppExecutor,
  handles: readonly string[],
  details: RegistrarContactDetails,
): Promise<string[]> {
  const created: string[] = [];
  for (const id of [...new Set(handles)]) {
    try {
      await executor.execute((ctx) => encodeContactInfo({ id }, ctx));
      continue;
    } catch (e) {
      if (!(e instanceof EppError && e.code === EppErrorCode.ObjectDoesNotExist)) throw e;
    }
    await executor.execute((ctx) =>
      encodeContactCreate(
        {
          id,
          postalInfo: {
            type: 'loc',
            name: details.name,
            org: details.org,
            addr: { street: details.street, city: details.city, pc: details.pc, cc: details.cc },
          },
          voice: { number: details.voice },
          email: details.email,
          authInfo: `R${Math.random().toString(36).slice(2, 12)}1!`,
          ...(details.properties ? { properties: details.properties } : {}),
        },
        ctx,
      ),
    );
    created.push(id);
  }
  return created;
}
