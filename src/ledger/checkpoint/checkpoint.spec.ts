import { createHash, generateKeyPairSync } from 'node:crypto';
import { formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint } from './checkpoint';
import { Ed25519NoteSigner, NoteError } from './signed-note';

const root = createHash('sha256').update('root').digest();
const signer = new Ed25519NoteSigner('example.com/log', generateKeyPairSync('ed25519').privateKey);

describe('C2SP tlog-checkpoint', () => {
  it('formats origin, decimal tree size and base64 root hash, one per line (C2SP tlog-checkpoint)', () => {
    expect(formatCheckpoint({ origin: 'example.com/log', treeSize: 42, rootHash: root })).toBe(
      `example.com/log\n42\n${root.toString('base64')}\n`,
    );
  });

  it('parses what it formats, extension lines included', () => {
    const body = `example.com/log\n7\n${root.toString('base64')}\next one\n`;
    expect(parseCheckpoint(body)).toEqual({
      origin: 'example.com/log',
      treeSize: 7,
      rootHash: root,
      extensions: ['ext one'],
    });
  });

  it('rejects a tree size with a leading zero or a sign, and a short root hash', () => {
    expect(() => parseCheckpoint(`o\n07\n${root.toString('base64')}\n`)).toThrow(NoteError);
    expect(() => parseCheckpoint(`o\n-7\n${root.toString('base64')}\n`)).toThrow(NoteError);
    expect(() => parseCheckpoint(`o\n7\n${root.subarray(1).toString('base64')}\n`)).toThrow(NoteError);
  });

  it('signs and opens a checkpoint, checking the origin', () => {
    const note = signCheckpoint({ origin: 'example.com/log', treeSize: 3, rootHash: root }, signer);
    expect(openCheckpoint(note, [signer.verifier()], 'example.com/log')).toEqual({
      origin: 'example.com/log',
      treeSize: 3,
      rootHash: root,
    });
    expect(() => openCheckpoint(note, [signer.verifier()], 'other.example/log')).toThrow('origin');
  });

  it('rejects a signed checkpoint whose root hash was replaced', () => {
    const note = signCheckpoint({ origin: 'example.com/log', treeSize: 3, rootHash: root }, signer);
    const other = createHash('sha256').update('other').digest().toString('base64');
    expect(() => openCheckpoint(note.replace(root.toString('base64'), other), [signer.verifier()])).toThrow(
      NoteError,
    );
  });
});
