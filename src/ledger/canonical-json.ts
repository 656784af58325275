/**
 * Canonical JSON for ledger entries: object keys sorted by UTF-16 code units, no whitespace, strings
 * escaped as JSON.stringify does, integers only. For the values a ledger entry holds (strings, safe
 * integers, booleans, arrays, plain objects) this is the output of RFC 8785 (JCS). The canonical text
 * is what is stored and what is hashed, so a verifier never has to re-serialise anything.
 */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue | undefined };

export function canonicalJson(value: JsonValue | undefined): string {
  if (value === undefined) throw new TypeError('undefined is not JSON');
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError('only safe integers are allowed in canonical JSON');
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const keys = Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
}

/** True when `text` is exactly the canonical serialisation of what it parses to. */
export function isCanonicalJson(text: string): boolean {
  try {
    return canonicalJson(JSON.parse(text) as JsonValue) === text;
  } catch {
    return false;
  }
}
