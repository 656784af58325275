import { generateKeyPairSync } from 'node:crypto';
import {
  Ed25519NoteSigner,
  ed25519PrivateKeyFromSeed,
  NoteError,
  openNote,
  parseNote,
  parseVerifierKey,
  signNote,
} from './signed-note';

// The example key and note from the documentation of golang.org/x/mod/sumdb/note. Ed25519 is
// deterministic, so deriving the verifier key and the signature from the private key and comparing
// with the published strings checks wire compatibility with the Go implementation.
const GO_DOC_PRIVATE = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_DOC_VERIFIER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_DOC_TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_DOC_SIGNATURE =
  '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';

function goDocSigner(): Ed25519NoteSigner {
  const encoded = Buffer.from(GO_DOC_PRIVATE.split('+').slice(4).join('+'), 'base64');
  return new Ed25519NoteSigner('PeterNeumann', ed25519PrivateKeyFromSeed(encoded.subarray(1)));
}

function freshSigner(name = 'handoff.example/ledger'): Ed25519NoteSigner {
  return new Ed25519NoteSigner(name, generateKeyPairSync('ed25519').privateKey);
}

describe('C2SP signed note (Ed25519)', () => {
  it('derives the verifier key golang.org/x/mod/sumdb/note documents for its example key', () => {
    expect(goDocSigner().verifierKey()).toBe(GO_DOC_VERIFIER);
  });

  it('produces byte for byte the signed note golang.org/x/mod/sumdb/note documents', () => {
    expect(signNote(GO_DOC_TEXT, [goDocSigner()])).toBe(`${GO_DOC_TEXT}\n${GO_DOC_SIGNATURE}`);
  });

  it('opens the documented note with the documented verifier key', () => {
    const opened = openNote(`${GO_DOC_TEXT}\n${GO_DOC_SIGNATURE}`, [parseVerifierKey(GO_DOC_VERIFIER)]);
    expect(opened).toEqual({ text: GO_DOC_TEXT, verifiedBy: ['PeterNeumann'] });
  });

  it('separates text and signatures with a blank line and signs with an em dash line (C2SP signed-note)', () => {
    const note = signNote('a\nb\n', [freshSigner('k')]);
    expect(note).toMatch(/^a\nb\n\n\u2014 k [A-Za-z0-9+/]+=*\n$/);
    const { signatures } = parseNote(note);
    expect(signatures[0].signature).toHaveLength(64);
  });

  it('rejects a note whose text was changed after signing', () => {
    const signer = freshSigner();
    const note = signNote('origin\n5\nAAAA\n', [signer]);
    expect(() => openNote(note.replace('\n5\n', '\n6\n'), [signer.verifier()])).toThrow(NoteError);
  });

  it('rejects a note whose signature bytes were changed', () => {
    const signer = freshSigner();
    const note = signNote('origin\n5\n', [signer]);
    const { signatures } = parseNote(note);
    const sig = Buffer.from(signatures[0].signature);
    sig[10] ^= 0x01;
    const hash = Buffer.alloc(4);
    hash.writeUInt32BE(signer.keyHash);
    const tampered = `origin\n5\n\n\u2014 ${signer.name} ${Buffer.concat([hash, sig]).toString('base64')}\n`;
    expect(() => openNote(tampered, [signer.verifier()])).toThrow('invalid signature');
  });

  it('rejects a note signed only by an unknown key', () => {
    const note = signNote('origin\n1\n', [freshSigner('a')]);
    expect(() => openNote(note, [freshSigner('a').verifier()])).toThrow('no signature by a known key');
  });

  it('ignores signatures by unknown keys when a known key verifies', () => {
    const known = freshSigner('known');
    const note = signNote('origin\n1\n', [freshSigner('other'), known]);
    expect(openNote(note, [known.verifier()]).verifiedBy).toEqual(['known']);
  });

  it('refuses a verifier key whose hash does not match its public key', () => {
    const parts = GO_DOC_VERIFIER.split('+');
    expect(() => parseVerifierKey(`${parts[0]}+c74f20a4+${parts[2]}`)).toThrow(NoteError);
    expect(() => parseVerifierKey(`Other+${parts[1]}+${parts[2]}`)).toThrow(NoteError);
  });

  it('refuses text without a final newline or with control characters', () => {
    expect(() => signNote('no newline', [freshSigner()])).toThrow(NoteError);
    expect(() => signNote('tab\there\n', [freshSigner()])).toThrow(NoteError);
  });

  it('refuses a note with a hyphen instead of the em dash', () => {
    const note = signNote('x\n', [freshSigner('k')]).replace('\u2014', '-');
    expect(() => parseNote(note)).toThrow('malformed signature line');
  });
});
