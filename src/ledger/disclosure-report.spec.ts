import { renderDisclosureReport } from './disclosure-report';
import { DisclosureIntentEntry, DisclosureOutcomeEntry, LedgerEntryBody } from './ledger-entry';
import { EntryView, SubjectDisclosures } from './ledger.service';

const intent: DisclosureIntentEntry = {
  v: 1,
  kind: 'disclosure-intent',
  id: 'i-1',
  at: '2026-03-01T09:00:01.000Z',
  recipient: 'sidn',
  role: 'independent-controller',
  subjectId: 'subj',
  channel: 'epp:contact:create',
  purpose: 'registration of .nl domain names',
  legalBasis: 'GDPR Art. 6(1)(b)',
  fields: [
    { field: 'name', commitment: 'aa' },
    { field: 'street', commitment: 'bb' },
    { field: 'street', commitment: 'cc' },
  ],
  clTRID: 'HO-1',
};
const outcome: DisclosureOutcomeEntry = {
  v: 1,
  kind: 'disclosure-outcome',
  id: 'o-1',
  at: '2026-03-01T09:00:02.000Z',
  intentId: 'i-1',
  intentLeafIndex: 0,
  recipient: 'sidn',
  subjectId: 'subj',
  channel: 'epp:contact:create',
  outcome: 'success',
  resultCode: 1000,
  svTRID: 'SV-9',
  clTRID: 'HO-1',
};

function report(entries: LedgerEntryBody[]): SubjectDisclosures {
  return {
    subjectId: 'subj',
    checkpoint: {
      treeSize: 2,
      rootHash: 'cm9vdA==',
      note: '',
      createdAt: '',
      verifierKey: 'k+00000000+AQ==',
    },
    entries: entries.map((entry, i) => ({ ...({ leafIndex: i } as EntryView), entry, inclusionProof: [] })),
    bundle: { format: 'handoff-ledger-bundle/v1', origin: 'o', verifierKey: '', checkpoint: '', entries: [] },
  };
}

describe(renderDisclosureReport.name, () => {
  it('lists each recipient with date, role, field names, purpose and confirmation (GDPR Art. 15(1)(c))', () => {
    const text = renderDisclosureReport(report([intent, outcome]));
    expect(text).toContain(
      '| 2026-03-01 09:00:01 | sidn | independent-controller | name, street | registration of .nl domain names (GDPR Art. 6(1)(b)) | received (confirmation SV-9) |',
    );
    expect(text).toContain('tree size 2');
  });

  it('says when no answer was recorded for a disclosure', () => {
    expect(renderDisclosureReport(report([intent]))).toContain('| no answer recorded |');
  });

  it('says plainly when nothing was disclosed', () => {
    expect(renderDisclosureReport(report([]))).toContain(
      'We have no record of disclosing your personal data to anyone.',
    );
  });
});
