import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/**
 * The retention rules (`config/retention.yaml`): per data category, the event its period counts
 * from, how many days after it the data goes, how it is removed and why it is kept that long.
 * Parsed and validated at boot; a bad file stops the start with a message naming the category and
 * the rule it broke (values of the file are not personal data, but messages stay short anyway).
 */
export const RETENTION_ANCHORS = ['quarantine-end', 'handled', 'order-system', 'never'] as const;
export type RetentionAnchor = (typeof RETENTION_ANCHORS)[number];

export const ERASE_METHODS = ['crypto-shred', 'delete-rows', 'keep'] as const;
export type EraseMethod = (typeof ERASE_METHODS)[number];

/** The categories Handoff's code acts on; the file must define each of them. */
export const REQUIRED_CATEGORIES = [
  'registrant-contact',
  'registration-record',
  'lifecycle-record',
  'poll-message',
  'order-record',
  'ledger',
] as const;
export type RetentionCategory = (typeof REQUIRED_CATEGORIES)[number];

export interface RetentionRule {
  readonly category: string;
  readonly description: string;
  readonly personalData: boolean;
  readonly anchor: RetentionAnchor;
  readonly keepDays: number;
  readonly erase: EraseMethod;
  readonly basis: string;
}

export interface RetentionPolicy {
  readonly quarantineDays: number;
  readonly sweepAutoLapse: boolean;
  readonly rules: ReadonlyMap<string, RetentionRule>;
}

export class RetentionRulesError extends Error {
  override readonly name = 'RetentionRulesError';
}

const CATEGORY = /^[a-z][a-z0-9-]{1,40}$/;
const RULE_KEYS = ['description', 'personalData', 'anchor', 'keepDays', 'erase', 'basis'];
const MAX_DAYS = 36_600;

export function parseRetentionRules(text: string, source = 'retention rules'): RetentionPolicy {
  const fail = (where: string, rule: string): never => {
    throw new RetentionRulesError(`${source}: ${where}: ${rule}`);
  };
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return fail('document', 'is not valid YAML');
  }
  if (!isRecord(doc)) return fail('document', 'must be a mapping');
  for (const key of Object.keys(doc)) {
    if (!['version', 'lapse', 'categories'].includes(key)) fail(key, 'is not a known key');
  }
  if (doc.version !== 1) fail('version', 'must be 1');

  const lapse = doc.lapse;
  if (!isRecord(lapse)) return fail('lapse', 'must be a mapping');
  for (const key of Object.keys(lapse)) {
    if (!['quarantineDays', 'sweepAutoLapse'].includes(key)) fail(`lapse.${key}`, 'is not a known key');
  }
  const quarantineDays = lapse.quarantineDays;
  if (!isWholeNumber(quarantineDays) || quarantineDays < 1 || quarantineDays > 366) {
    fail('lapse.quarantineDays', 'must be a whole number of days from 1 to 366');
  }
  if (typeof lapse.sweepAutoLapse !== 'boolean') fail('lapse.sweepAutoLapse', 'must be true or false');

  const categories = doc.categories;
  if (!isRecord(categories)) return fail('categories', 'must be a mapping of category -> rule');
  const rules = new Map<string, RetentionRule>();
  for (const [category, raw] of Object.entries(categories)) {
    const at = `categories.${category}`;
    if (!CATEGORY.test(category)) fail(at, `name must match ${CATEGORY.source}`);
    if (!isRecord(raw)) return fail(at, 'must be a mapping');
    for (const key of Object.keys(raw))
      if (!RULE_KEYS.includes(key)) fail(`${at}.${key}`, 'is not a known key');
    const { description, personalData, anchor, keepDays, erase, basis } = raw;
    if (typeof description !== 'string' || !description.trim()) fail(`${at}.description`, 'is required');
    if (typeof personalData !== 'boolean') fail(`${at}.personalData`, 'must be true or false');
    if (typeof anchor !== 'string' || !(RETENTION_ANCHORS as readonly string[]).includes(anchor)) {
      fail(`${at}.anchor`, `must be one of ${RETENTION_ANCHORS.join(', ')}`);
    }
    if (!isWholeNumber(keepDays) || keepDays < 0 || keepDays > MAX_DAYS) {
      fail(`${at}.keepDays`, `must be a whole number of days from 0 to ${MAX_DAYS}`);
    }
    if (typeof erase !== 'string' || !(ERASE_METHODS as readonly string[]).includes(erase)) {
      fail(`${at}.erase`, `must be one of ${ERASE_METHODS.join(', ')}`);
    }
    if (typeof basis !== 'string' || !basis.trim())
      fail(`${at}.basis`, 'is required (the rule that keeps the data)');
    // Consistency: data kept forever must not be personal data in plaintext; data never kept must go.
    if ((anchor === 'never') !== (erase === 'keep')) {
      fail(at, "anchor 'never' and erase 'keep' go together (kept forever = never erased)");
    }
    if (erase === 'keep' && personalData === true) {
      fail(at, 'personal data cannot be kept forever: choose an anchor and an erase method');
    }
    rules.set(category, {
      category,
      description: description as string,
      personalData: personalData as boolean,
      anchor: anchor as RetentionAnchor,
      keepDays: keepDays as number,
      erase: erase as EraseMethod,
      basis: (basis as string).trim(),
    });
  }
  for (const required of REQUIRED_CATEGORIES)
    if (!rules.has(required)) fail(`categories.${required}`, 'is required');
  if (rules.get('registrant-contact')?.erase !== 'crypto-shred') {
    fail(
      'categories.registrant-contact.erase',
      'must be crypto-shred (the profile is encrypted per subject)',
    );
  }
  return { quarantineDays: quarantineDays as number, sweepAutoLapse: lapse.sweepAutoLapse as boolean, rules };
}

export function loadRetentionRules(file: string): RetentionPolicy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new RetentionRulesError(`${file}: cannot be read (RETENTION_FILE)`);
  }
  return parseRetentionRules(text, file);
}

export function ruleFor(policy: RetentionPolicy, category: RetentionCategory): RetentionRule {
  const rule = policy.rules.get(category);
  // parseRetentionRules guarantees every required category; this guards hand-built policies in tests.
  if (!rule) throw new RetentionRulesError(`retention rules: categories.${category}: is required`);
  return rule;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isWholeNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** Injection token of the validated retention policy (loaded from RETENTION_FILE at boot). */
export const RETENTION_POLICY = Symbol('RETENTION_POLICY');
