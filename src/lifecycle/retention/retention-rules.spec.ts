import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stringify, parse } from 'yaml';
import { loadRetentionRules, parseRetentionRules, RetentionRulesError } from './retention-rules';

const SHIPPED = path.join(__dirname, '..', '..', '..', 'config', 'retention.yaml');

function shippedDoc(): Record<string, unknown> {
  return parse(readFileSync(SHIPPED, 'utf8')) as Record<string, unknown>;
}

function withChange(change: (doc: Record<string, unknown>) => void): string {
  const doc = shippedDoc();
  change(doc);
  return stringify(doc);
}

function categories(doc: Record<string, unknown>): Record<string, Record<string, unknown>> {
  return doc.categories as Record<string, Record<string, unknown>>;
}

describe('retention rules', () => {
  it('loads the shipped config/retention.yaml with every required category', () => {
    const policy = loadRetentionRules(SHIPPED);
    expect(policy.quarantineDays).toBe(40);
    expect(policy.sweepAutoLapse).toBe(false);
    expect(policy.rules.get('registrant-contact')).toMatchObject({
      anchor: 'quarantine-end',
      erase: 'crypto-shred',
    });
    expect(policy.rules.get('ledger')).toMatchObject({ anchor: 'never', erase: 'keep', personalData: false });
  });

  it('names the file when it cannot be read', () => {
    expect(() => loadRetentionRules('/nonexistent/retention.yaml')).toThrow(
      /retention\.yaml: cannot be read/,
    );
  });

  it.each([
    [
      'a missing required category',
      (d: Record<string, unknown>) => delete categories(d)['registrant-contact'],
      /categories\.registrant-contact: is required/,
    ],
    [
      'an unknown anchor',
      (d: Record<string, unknown>) => (categories(d)['poll-message'].anchor = 'whenever'),
      /poll-message\.anchor: must be one of/,
    ],
    [
      'negative keepDays',
      (d: Record<string, unknown>) => (categories(d)['poll-message'].keepDays = -1),
      /keepDays: must be a whole number/,
    ],
    [
      'fractional keepDays',
      (d: Record<string, unknown>) => (categories(d)['poll-message'].keepDays = 1.5),
      /keepDays: must be a whole number/,
    ],
    [
      'a missing basis',
      (d: Record<string, unknown>) => delete categories(d)['order-record'].basis,
      /order-record\.basis: is required/,
    ],
    [
      'an unknown rule key',
      (d: Record<string, unknown>) => (categories(d).ledger.forever = true),
      /ledger\.forever: is not a known key/,
    ],
    [
      'personal data kept forever',
      (d: Record<string, unknown>) => (categories(d).ledger.personalData = true),
      /personal data cannot be kept forever/,
    ],
    [
      'keep without anchor never',
      (d: Record<string, unknown>) => (categories(d)['poll-message'].erase = 'keep'),
      /go together/,
    ],
    [
      'registrant contact not crypto-shredded',
      (d: Record<string, unknown>) => (categories(d)['registrant-contact'].erase = 'delete-rows'),
      /must be crypto-shred/,
    ],
    [
      'quarantineDays 0',
      (d: Record<string, unknown>) => ((d.lapse as Record<string, unknown>).quarantineDays = 0),
      /quarantineDays: must be a whole number/,
    ],
    [
      'a non-boolean sweepAutoLapse',
      (d: Record<string, unknown>) => ((d.lapse as Record<string, unknown>).sweepAutoLapse = 'yes'),
      /sweepAutoLapse: must be true or false/,
    ],
    ['a wrong version', (d: Record<string, unknown>) => (d.version = 2), /version: must be 1/],
  ])('refuses %s, naming the rule', (_name, change, message) => {
    const text = withChange(change);
    expect(() => parseRetentionRules(text, 'retention.yaml')).toThrow(RetentionRulesError);
    expect(() => parseRetentionRules(text, 'retention.yaml')).toThrow(message);
  });

  it('refuses text that is not YAML', () => {
    expect(() => parseRetentionRules('a: [', 'r.yaml')).toThrow(/r\.yaml: document: is not valid YAML/);
  });
});
