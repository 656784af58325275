import path from 'node:path';
import {
  loadRecipientsRegister,
  parseRecipientsRegister,
  RecipientsRegisterError,
} from './recipients-register';

const repoRoot = path.resolve(__dirname, '..', '..');
const base = `
version: 1
recipients:
  - id: sidn
    name: SIDN
    role: independent-controller
    purpose: registration
    legalBasis: contract
    fields: { name: r, street: r, city: r, countryCode: r, phone: r, email: r, legalForm: r }
    registry: { legalFormProperty: NL_LEGAL_FORM, kvkNumberProperty: NL_KVK_NUMBER }
`;

describe('recipients register', () => {
  it('loads the shipped config/recipients.yaml with SIDN as independent controller', () => {
    const register = loadRecipientsRegister(path.join(repoRoot, 'config', 'recipients.yaml'));
    const sidn = register.recipients.find((r) => r.id === 'sidn');
    expect(sidn?.role).toBe('independent-controller');
    expect([...(sidn?.fields.keys() ?? [])].sort()).toEqual([
      'city',
      'countryCode',
      'email',
      'kvkNumber',
      'legalForm',
      'name',
      'organisation',
      'phone',
      'postalCode',
      'street',
    ]);
    expect(register.storedExtraFields.size).toBe(0);
  });

  it('stores the recipients fields plus the declared extra fields only', () => {
    const register = parseRecipientsRegister(base + 'storage:\n  extraFields: [notes]\n');
    expect(register.storedFields.has('notes')).toBe(true);
    expect(register.storedFields.has('iban')).toBe(false);
    expect(register.storedFields.has('email')).toBe(true);
  });

  it.each([
    [base.replace('role: independent-controller', 'role: friend'), /role: must be one of/],
    [base.replace('email: r,', 'email: r, iban: r,'), /fields\.iban: unknown field/],
    [base.replace('phone: r, ', ''), /fields\.phone: SIDN requires this field/],
    [base.replace('email: r,', 'email: "",'), /fields\.email: needs the reason/],
    [base.replace('id: sidn', 'id: registry'), /must contain the registry "sidn"/],
    [base.replace('legalBasis: contract', ''), /legalBasis: required text/],
    [base.replace('purpose: registration', 'purpose: registration\n    colour: red'), /colour: unknown key/],
    [base.replace('NL_LEGAL_FORM', '"bad key"'), /legalFormProperty: must be a Fury property key/],
    [base + '  - id: sidn\n    name: x\n', /duplicate recipient/],
    [base.replace('version: 1', 'version: 2'), /version: must be 1/],
  ])('refuses an invalid register at boot (%#)', (text, message) => {
    expect(() => parseRecipientsRegister(text)).toThrow(RecipientsRegisterError);
    expect(() => parseRecipientsRegister(text)).toThrow(message);
  });
});
