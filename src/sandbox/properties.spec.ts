import path from 'node:path';
import { EppFault } from './sandbox-error';
import { loadPropertyDefinitions, parsePropertyDefinitions, PropertyCatalogue } from './properties';

const catalogue = new PropertyCatalogue(
  loadPropertyDefinitions(path.resolve(__dirname, '..', '..', 'config', 'sandbox-properties.yaml')),
);

function fault(fn: () => unknown): [number, number] | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (e instanceof EppFault) return [e.code, e.ciraCode];
    throw e;
  }
}

describe(PropertyCatalogue.name, () => {
  it('holds SIDN’s 18 legal forms, a KvK number and a language, all marked as assumptions', () => {
    const legal = catalogue.definitions.find((d) => d.key === 'NL_LEGAL_FORM')!;
    expect(legal.values.map((v) => v.value)).toHaveLength(18);
    expect(catalogue.definitions.map((d) => [d.key, d.assumption])).toEqual([
      ['NL_LEGAL_FORM', true],
      ['NL_KVK_NUMBER', true],
      ['NL_LANGUAGE', true],
    ]);
  });

  it('enforces mandatory keys, allowed values and patterns on create', () => {
    expect(catalogue.forCreate('contact', [{ key: 'NL_LEGAL_FORM', values: ['BV'], remAll: false }])).toEqual(
      { NL_LEGAL_FORM: ['BV'] },
    );
    expect(fault(() => catalogue.forCreate('contact', []))?.[0]).toBe(2003);
    expect(
      fault(() =>
        catalogue.forCreate('contact', [{ key: 'NL_LEGAL_FORM', values: ['XX'], remAll: false }]),
      )?.[0],
    ).toBe(2004);
    expect(
      fault(() =>
        catalogue.forCreate('contact', [
          { key: 'NL_LEGAL_FORM', values: ['BV'], remAll: false },
          { key: 'NL_KVK_NUMBER', values: ['1234567a'], remAll: false },
        ]),
      )?.[0],
    ).toBe(2004);
    expect(
      fault(() =>
        catalogue.forCreate('domain', [{ key: 'NL_LEGAL_FORM', values: ['BV'], remAll: false }]),
      )?.[0],
    ).toBe(2306);
  });

  it('applies rem before add on update, so a change is rem old + add new', () => {
    const next = catalogue.forUpdate(
      'contact',
      { NL_LEGAL_FORM: ['BV'] },
      {
        rem: [{ key: 'NL_LEGAL_FORM', values: ['BV'], remAll: false }],
        add: [{ key: 'NL_LEGAL_FORM', values: ['NV'], remAll: false }],
      },
    );
    expect(next).toEqual({ NL_LEGAL_FORM: ['NV'] });
  });

  it('refuses a definitions file with a bad property type', () => {
    expect(() =>
      parsePropertyDefinitions('properties:\n  - key: X\n    entityType: contact\n    propertyType: BLOB\n'),
    ).toThrow(/propertyType/);
  });
});
