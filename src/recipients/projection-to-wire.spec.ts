import path from 'node:path';
import fc from 'fast-check';
import { encodeContactCreate } from '../epp/codec/commands';
import { extractDisclosure } from '../epp/codec/disclosure';
import { NS } from '../epp/codec/namespaces';
import { XsdValidator } from '../epp/xsd/xsd-validator';
import { parseRegistrationRequest } from '../orders/registration-request';
import { recipientPolicyFromRegister } from './recipient-policy.provider';
import { loadRecipientsRegister } from './recipients-register';
import { projectRegistrant } from './sidn-projection';

/**
 * Property (issue 4, "Done means"): whatever a customer profile carries — extra fields, XML
 * metacharacters, `]]>`, unicode, very long strings — the frame built from it holds only fields the
 * register allows, no value of a non-allowed field, and stays schema-valid. The same property is
 * checked on the real wire against the sandbox in test/orders/registrations.e2e-spec.ts.
 */
const repoRoot = path.resolve(__dirname, '..', '..');
const register = loadRecipientsRegister(path.join(repoRoot, 'config', 'recipients.yaml'));
const policy = recipientPolicyFromRegister(register);
const sidn = register.recipients.find((r) => r.id === 'sidn')!;
const xsd = new XsdValidator(path.join(repoRoot, '..', 'shared', 'epp-reference', 'xsd'));

const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    ']]>',
    '<x>&amp;</x>',
    '"\'<>&',
    '<!DOCTYPE a [<!ENTITY e "x">]>&e;',
    'Ünïcødé 名前 😀',
    'a'.repeat(300),
  ),
);
const secretValue = fc.string({ minLength: 1, maxLength: 30 }).map((s) => `SECRET-${s}`);
const extras = fc.dictionary(
  fc
    .stringMatching(/^[a-z][A-Za-z0-9_]{0,15}$/)
    .filter(
      (k) =>
        ![
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
          'customerId',
        ].includes(k),
    ),
  secretValue,
  { maxKeys: 6 },
);

describe('projection to the wire (property)', () => {
  it('only allowed fields reach the frame, no extra value leaks, every frame is schema-valid', async () => {
    let built = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          name: nasty,
          organisation: fc.option(nasty, { nil: undefined }),
          city: nasty,
          street: fc.array(nasty, { minLength: 1, maxLength: 3 }),
        }),
        extras,
        fc.constantFrom('hello' as const, 'drs5' as const),
        async (values, extra, profileName) => {
          const body = {
            domain: 'example.nl',
            customer: {
              customerId: 'C-1',
              ...values,
              ...(values.organisation !== undefined ? { legalForm: 'BV', kvkNumber: '12345678' } : {}),
              postalCode: '1234AB',
              countryCode: 'NL',
              phone: '+31.612345678',
              email: 'a@example.nl',
              ...extra,
            },
          };
          const parsed = parseRegistrationRequest(body);
          if (!parsed.ok) return; // rejected with a 400 before anything is built
          const { contact } = projectRegistrant(parsed.value.profile, sidn, profileName);
          const ctx = {
            clTRID: 'PROP-1',
            extensions: new Set([profileName === 'hello' ? NS.fury : NS.sidn]),
            profile: profileName,
          };
          const xml = encodeContactCreate({ ...contact, id: 'HOABCDEFGHJKLM', authInfo: 'x1!Aaaaaa' }, ctx);
          const disclosed = extractDisclosure(xml);
          expect(disclosed?.fields.length).toBeGreaterThan(0);
          for (const f of disclosed?.fields ?? []) expect(policy.isFieldAllowed('sidn', f.field)).toBe(true);
          for (const v of Object.values(extra))
            expect(xml).not.toContain(v.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
          expect(xml).not.toContain('SECRET-');
          const result = await xsd.validate(xml);
          expect(result.errors).toEqual([]);
          built++;
        },
      ),
      { numRuns: 50 },
    );
    // Not vacuous: most generated customers are accepted and built into frames.
    expect(built).toBeGreaterThan(15);
  });
});
