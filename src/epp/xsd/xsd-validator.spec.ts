import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XsdValidator } from './xsd-validator';

const REFERENCE = path.resolve(__dirname, '../../../../shared/epp-reference');
const create = readFileSync(path.join(REFERENCE, 'examples/rfc5731/domain-create-command.xml'), 'utf8');
const broken = create.replace('<domain:name>', '<domain:nme>').replace('</domain:name>', '</domain:nme>');
const notXml = create.slice(0, 120);

describe(XsdValidator.name, () => {
  const validator = new XsdValidator();

  it('accepts an RFC 5731 example with the bundled schemas', async () => {
    await expect(validator.validate(create)).resolves.toEqual({ valid: true, errors: [] });
  });

  it('attributes each error to its own frame when frames are validated together', async () => {
    const [a, b, c, d] = await Promise.all([
      validator.validate(create),
      validator.validate(broken),
      validator.validate(create),
      validator.validate(notXml),
    ]);
    expect(a.valid).toBe(true);
    expect(b.valid).toBe(false);
    expect(b.errors.join(' ')).toMatch(/nme.*not expected/);
    expect(c.valid).toBe(true);
    expect(d.valid).toBe(false);
  });

  it('validates against the reference pack too', async () => {
    const reference = new XsdValidator(path.join(REFERENCE, 'xsd'));
    await expect(reference.validate(broken)).resolves.toMatchObject({ valid: false });
  });
});

describe(`${XsdValidator.name} on input that is not XML`, () => {
  it('reports a document that does not parse as invalid instead of failing', async () => {
    const result = await new XsdValidator().validate('<epp><unclosed>');
    expect(result.valid).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
  });
});
