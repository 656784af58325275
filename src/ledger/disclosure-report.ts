import type { DisclosureIntentEntry, DisclosureOutcomeEntry, LedgerEntryBody } from './ledger-entry';
import type { SubjectDisclosures } from './ledger.service';

/**
 * The ledger part of a data subject's access report (GDPR Art. 15(1)(c): the actual recipients, by
 * name, with dates) as a readable Markdown document. Pure: the same report object the JSON answer
 * carries, rendered; the inclusion proofs and checkpoint are in the JSON and the bundle.
 */
export function renderDisclosureReport(report: SubjectDisclosures): string {
  const bodies = report.entries.map((e) => ({ view: e, entry: e.entry }));
  const outcomes = new Map<string, DisclosureOutcomeEntry>();
  for (const { entry } of bodies)
    if (entry.kind === 'disclosure-outcome') outcomes.set(entry.intentId, entry);

  const lines: string[] = ['# Disclosures of your personal data', ''];
  const intents = bodies.filter(
    (b): b is { view: (typeof bodies)[number]['view']; entry: DisclosureIntentEntry } =>
      b.entry.kind === 'disclosure-intent',
  );
  if (intents.length === 0) lines.push('We have no record of disclosing your personal data to anyone.', '');
  else {
    lines.push(
      '| Date (UTC) | Recipient | Role | What was sent | Why | Result |',
      '|---|---|---|---|---|---|',
    );
    for (const { entry } of intents) {
      const o = outcomes.get(entry.id);
      const result = !o
        ? 'no answer recorded'
        : o.outcome === 'success'
          ? `received${o.svTRID ? ` (confirmation ${o.svTRID})` : ''}`
          : o.outcome === 'failed'
            ? 'refused by the recipient'
            : 'unknown (no answer in time)';
      const fields = [...new Set(entry.fields.map((f) => f.field))].join(', ');
      lines.push(
        `| ${entry.at.replace('T', ' ').replace(/\.\d+Z$/, '')} | ${cell(entry.recipient)} | ${cell(entry.role)} | ${cell(fields)} | ` +
          `${cell(entry.purpose)} (${cell(entry.legalBasis)}) | ${cell(result)} |`,
      );
    }
    lines.push('');
  }
  const deletions = bodies
    .map((b) => b.entry)
    .filter(
      (e): e is Extract<LedgerEntryBody, { kind: 'deletion-receipt' }> => e.kind === 'deletion-receipt',
    );
  if (deletions.length > 0) {
    lines.push('## Deletions', '');
    for (const d of deletions) {
      lines.push(
        `- ${d.at.replace('T', ' ').replace(/\.\d+Z$/, '')}: ${d.what} deleted at ${d.recipient}${d.svTRID ? ` (confirmation ${d.svTRID})` : ''}`,
      );
    }
    lines.push('');
  }
  const refused = bodies.filter((b) => b.entry.kind === 'incident').length;
  if (refused > 0)
    lines.push(
      `${refused} attempted disclosure(s) not allowed by our register were refused and not sent.`,
      '',
    );
  lines.push(
    '## How to check this',
    '',
    `Each line above is an entry in our disclosure ledger, included in the signed checkpoint of tree size ` +
      `${report.checkpoint.treeSize} (root ${report.checkpoint.rootHash}). The attached proof bundle can be verified ` +
      `without our systems; the procedure is in our ledger documentation. Verifier key: \`${report.checkpoint.verifierKey}\`.`,
    '',
  );
  return lines.join('\n');
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
