import type { CustomerProfile } from '../recipients/profile-fields';
import { changedFields, parseProfilePatch } from './rectification';

const CURRENT: CustomerProfile = {
  name: 'Jan Jansen',
  legalForm: 'PERSOON',
  street: ['Dorpsstraat 1'],
  postalCode: '1234AB',
  city: 'Utrecht',
  countryCode: 'NL',
  phone: '+31.612345678',
  email: 'jan@example.nl',
  extra: {},
};

describe('parseProfilePatch', () => {
  it('normalises like registrations: Dutch phone and postal code', () => {
    expect(parseProfilePatch({ phone: '06 87654321', postalCode: '3511 aa' }, CURRENT)).toEqual({
      ok: true,
      patch: { phone: '+31.687654321', postalCode: '3511AA' },
    });
  });
  it('refuses fields that are not profile fields, naming them, never echoing values', () => {
    const r = parseProfilePatch({ iban: 'NL91ABNA0417164300' }, CURRENT);
    expect(r).toEqual({
      ok: false,
      violations: [expect.objectContaining({ field: 'iban', rule: 'unknownField' })],
    });
    expect(JSON.stringify(r)).not.toContain('NL91ABNA');
  });
  it('refuses an empty patch and an unknown legal form', () => {
    expect(parseProfilePatch({}, CURRENT)).toMatchObject({ ok: false });
    expect(parseProfilePatch({ legalForm: 'LLC' }, CURRENT)).toMatchObject({
      ok: false,
      violations: [{ field: 'legalForm', rule: 'isIn' }],
    });
  });
  it('changedFields ignores values equal to what is held', () => {
    expect(changedFields(CURRENT, { email: 'jan@example.nl', city: 'Amersfoort' })).toEqual(['city']);
  });
});
