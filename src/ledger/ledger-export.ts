import type { EntryView } from './ledger.service';

const COLUMNS: (keyof EntryView)[] = [
  'seq',
  'leafIndex',
  'createdAt',
  'kind',
  'entryId',
  'recipient',
  'subjectId',
  'channel',
  'fields',
  'domain',
  'registrationId',
  'clTRID',
  'svTRID',
  'resultCode',
  'outcome',
  'intentEntryId',
  'leafHash',
  'entryText',
];

export const CSV_HEADER = `${COLUMNS.join(',')}\r\n`;

/**
 * One RFC 4180 CSV cell. A cell a spreadsheet would run as a formula (leading = + - @ tab CR) is
 * prefixed with an apostrophe (OWASP CSV injection); `entryText` is JSON and always starts with '{'.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = Array.isArray(value) ? value.join(';') : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsvRow(e: EntryView): string {
  return `${COLUMNS.map((c) => csvCell(e[c])).join(',')}\r\n`;
}
