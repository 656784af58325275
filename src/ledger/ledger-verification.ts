import { isCanonicalJson } from './canonical-json';
import { openCheckpoint } from './checkpoint/checkpoint';
import { NoteVerifier } from './checkpoint/signed-note';
import { entryColumns, EntryColumns, parseEntry } from './ledger-entry';
import { hashLeaf, IncrementalTree } from './merkle/merkle';

/** What verification needs of a stored entry row (LedgerEntryRow satisfies it). */
export interface StoredEntry extends EntryColumns {
  seq: string;
  leafIndex: number;
  entry: string;
  leafHash: Buffer;
}

export interface StoredCheckpoint {
  id: string;
  treeSize: number;
  rootHash: Buffer;
  note: string;
}

export interface LedgerMismatch {
  /** The entry row that does not match (null when the problem is a checkpoint). */
  seq: string | null;
  leafIndex: number | null;
  /** The checkpoint that does not match, when the problem is a checkpoint. */
  checkpointId?: string;
  reason: string;
}

export interface LedgerVerification {
  ok: boolean;
  entries: number;
  checkpoints: number;
  /** Root of the tree over every entry as recomputed from the entry texts (hex). */
  rootHash: string;
  firstMismatch?: LedgerMismatch;
}

const COLUMN_NAMES: (keyof EntryColumns)[] = [
  'entryId',
  'kind',
  'recipient',
  'subjectId',
  'channel',
  'domain',
  'registrationId',
  'clTRID',
  'svTRID',
  'resultCode',
  'outcome',
  'intentEntryId',
];

function sameColumns(stored: EntryColumns, derived: EntryColumns): string | undefined {
  for (const name of COLUMN_NAMES) if (stored[name] !== derived[name]) return name;
  if (stored.fields.join('\u0000') !== derived.fields.join('\u0000')) return 'fields';
  if (Date.parse(stored.createdAt) !== Date.parse(derived.createdAt)) return 'createdAt';
  return undefined;
}

/**
 * Checks one entry row against its own text: canonical form, leaf hash, and that the query columns
 * say what the text says. Returns the reason it fails, or undefined.
 */
export function checkEntry(row: StoredEntry): string | undefined {
  if (!isCanonicalJson(row.entry)) return 'entry text is not canonical JSON';
  if (!hashLeaf(Buffer.from(row.entry, 'utf8')).equals(row.leafHash)) {
    return 'entry text does not hash to the stored leaf hash (RFC 9162 §2.1.1)';
  }
  let derived: EntryColumns;
  try {
    derived = entryColumns(parseEntry(row.entry));
  } catch (e) {
    return `entry text is malformed: ${e instanceof Error ? e.message : 'unreadable'}`;
  }
  const column = sameColumns(row, derived);
  return column ? `stored column ${column} does not match the entry text` : undefined;
}

/**
 * Verifies a ledger from its rows: feed entries in storage order, then checkpoints. Every leaf hash
 * is recomputed from the entry text, the tree is rebuilt from those hashes, and each checkpoint's
 * signature, origin and root (at its tree size) are checked against the rebuilt tree.
 */
export class LedgerVerifier {
  private readonly tree = new IncrementalTree();
  private readonly rootsAtSize = new Map<number, Buffer>();
  private firstMismatch: LedgerMismatch | undefined;
  private checkpointCount = 0;
  private readonly pending: StoredCheckpoint[] = [];

  constructor(
    private readonly verifiers: readonly NoteVerifier[],
    private readonly origin: string,
    /** Tree sizes at which checkpoints exist, so their roots are kept while the tree is built. */
    checkpointSizes: readonly number[] = [],
  ) {
    for (const s of checkpointSizes) this.rootsAtSize.set(s, Buffer.alloc(0));
    if (this.rootsAtSize.has(0)) this.rootsAtSize.set(0, this.tree.root());
  }

  addEntry(row: StoredEntry): void {
    const position = this.tree.size;
    if (!this.firstMismatch) {
      const reason =
        row.leafIndex !== position
          ? `leaf index ${row.leafIndex} found where ${position} was expected`
          : checkEntry(row);
      if (reason) this.firstMismatch = { seq: row.seq, leafIndex: row.leafIndex, reason };
    }
    // The tree is rebuilt from the text as stored, whatever the stored hash says.
    this.tree.push(hashLeaf(Buffer.from(row.entry, 'utf8')));
    if (this.rootsAtSize.has(this.tree.size)) this.rootsAtSize.set(this.tree.size, this.tree.root());
  }

  addCheckpoint(cp: StoredCheckpoint): void {
    this.checkpointCount++;
    this.pending.push(cp);
  }

  private checkCheckpoint(cp: StoredCheckpoint): string | undefined {
    let signed;
    try {
      signed = openCheckpoint(cp.note, this.verifiers, this.origin);
    } catch (e) {
      return `checkpoint note does not verify: ${e instanceof Error ? e.message : 'unreadable'}`;
    }
    if (signed.treeSize !== cp.treeSize || !signed.rootHash.equals(cp.rootHash)) {
      return 'stored tree size or root hash differs from the signed note';
    }
    if (cp.treeSize > this.tree.size) {
      return `checkpoint covers ${cp.treeSize} entries but the ledger holds ${this.tree.size}: entries were removed`;
    }
    const root = this.rootsAtSize.get(cp.treeSize);
    if (!root || root.length === 0) return 'no root was computed at this tree size';
    if (!root.equals(signed.rootHash)) {
      return `signed root at tree size ${cp.treeSize} differs from the tree rebuilt from the entries: history was rewritten`;
    }
    return undefined;
  }

  result(): LedgerVerification {
    let mismatch = this.firstMismatch;
    if (!mismatch) {
      // In tree-size order, so a rewrite can be placed between the last good checkpoint and this one.
      let lastGood = 0;
      for (const cp of [...this.pending].sort((a, b) => a.treeSize - b.treeSize)) {
        const reason = this.checkCheckpoint(cp);
        if (reason) {
          const where =
            cp.treeSize > lastGood ? ` (the change lies in leaves ${lastGood}..${cp.treeSize - 1})` : '';
          mismatch = { seq: null, leafIndex: null, checkpointId: cp.id, reason: reason + where };
          break;
        }
        lastGood = cp.treeSize;
      }
    }
    return {
      ok: mismatch === undefined,
      entries: this.tree.size,
      checkpoints: this.checkpointCount,
      rootHash: this.tree.root().toString('hex'),
      ...(mismatch ? { firstMismatch: mismatch } : {}),
    };
  }
}
