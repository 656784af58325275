import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  consistencyProof,
  hashLeaf,
  IncrementalTree,
  inclusionProof,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from './merkle';

// An independent, deliberately naive transcription of RFC 9162 §2.1.1 over the raw entries.
function naiveMth(entries: Buffer[]): Buffer {
  const h = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
  if (entries.length === 0) return h();
  if (entries.length === 1) return h(Buffer.from([0]), entries[0]);
  let k = 1;
  while (k < entries.length) k <<= 1;
  k >>= 1;
  return h(Buffer.from([1]), naiveMth(entries.slice(0, k)), naiveMth(entries.slice(k)));
}

// The test inputs of Certificate Transparency's reference implementation (merkle_tree_test.cc).
const CT_INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((x) => Buffer.from(x, 'hex'));
// Their published roots for sizes 1..8; each is also recomputed below with naiveMth, so a wrong
// constant here cannot pass.
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

const ctLeaves = CT_INPUTS.map((e) => hashLeaf(e));
const hex = (bs: Buffer[]) => bs.map((b) => b.toString('hex'));

function flipBit(b: Uint8Array, bit: number): Buffer {
  const c = Buffer.from(b);
  c[Math.floor(bit / 8) % c.length] ^= 1 << (bit % 8);
  return c;
}

const treeArb = fc
  .array(fc.uint8Array({ maxLength: 12 }), { minLength: 1, maxLength: 40 })
  .map((es) => es.map((e) => Buffer.from(e)));

describe('Merkle tree (RFC 9162 §2.1)', () => {
  it('hashes a leaf as SHA-256(0x00 || entry) (RFC 9162 §2.1.1)', () => {
    const entry = Buffer.from('ledger entry');
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from([0]), entry]))
      .digest();
    expect(hashLeaf(entry).equals(expected)).toBe(true);
  });

  it('gives SHA-256 of the empty string for the empty tree (RFC 9162 §2.1.1)', () => {
    expect(rootFromLeafHashes([]).toString('hex')).toBe(createHash('sha256').digest('hex'));
  });

  it.each(CT_ROOTS.map((root, i) => [i + 1, root]))(
    'matches the RFC 6962 reference root for the first %i CT test inputs',
    (size, root) => {
      expect(naiveMth(CT_INPUTS.slice(0, size)).toString('hex')).toBe(root);
      expect(rootFromLeafHashes(ctLeaves, size).toString('hex')).toBe(root);
    },
  );

  it('agrees with the naive recursive MTH for any number of leaves (RFC 9162 §2.1.1)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 16 }), { maxLength: 70 }), (raw) => {
        const entries = raw.map((e) => Buffer.from(e));
        return rootFromLeafHashes(entries.map(hashLeaf)).equals(naiveMth(entries));
      }),
    );
  });

  it('produces the reference audit path for leaf 0 of the 8-leaf tree (RFC 9162 §2.1.3.1)', () => {
    // The sibling subtrees, recomputed independently.
    const expected = [
      naiveMth(CT_INPUTS.slice(1, 2)),
      naiveMth(CT_INPUTS.slice(2, 4)),
      naiveMth(CT_INPUTS.slice(4, 8)),
    ];
    expect(hex(inclusionProof(ctLeaves, 0, 8))).toEqual(hex(expected));
    expect(hex(expected)).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
  });

  it('produces the reference consistency proofs 6→8 and 2→5 (RFC 9162 §2.1.4.1)', () => {
    const six = [
      naiveMth(CT_INPUTS.slice(4, 6)),
      naiveMth(CT_INPUTS.slice(6, 8)),
      naiveMth(CT_INPUTS.slice(0, 4)),
    ];
    expect(hex(consistencyProof(ctLeaves, 6, 8))).toEqual(hex(six));
    expect(hex(six)).toEqual([
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    const two = [naiveMth(CT_INPUTS.slice(2, 4)), naiveMth(CT_INPUTS.slice(4, 5))];
    expect(hex(consistencyProof(ctLeaves, 2, 5))).toEqual(hex(two));
  });

  it('verifies every inclusion proof of every leaf in every tree size (RFC 9162 §2.1.3.2)', () => {
    fc.assert(
      fc.property(treeArb, (entries) => {
        const leaves = entries.map(hashLeaf);
        for (let size = 1; size <= leaves.length; size++) {
          const root = naiveMth(entries.slice(0, size));
          for (let m = 0; m < size; m++) {
            if (!verifyInclusion(leaves[m], m, size, inclusionProof(leaves, m, size), root)) return false;
          }
        }
        return true;
      }),
      { numRuns: 30 },
    );
  });

  it('rejects an inclusion proof with a flipped bit, a wrong index, a wrong size or a wrong leaf (RFC 9162 §2.1.3.2)', () => {
    fc.assert(
      fc.property(treeArb, fc.nat(), fc.nat(), fc.nat(), (entries, a, b, bit) => {
        const leaves = entries.map(hashLeaf);
        const size = 1 + (a % leaves.length);
        const m = b % size;
        const root = rootFromLeafHashes(leaves, size);
        const proof = inclusionProof(leaves, m, size);
        expect(verifyInclusion(leaves[m], m, size, proof, root)).toBe(true);
        expect(verifyInclusion(flipBit(leaves[m], bit), m, size, proof, root)).toBe(false);
        expect(verifyInclusion(leaves[m], m, size, proof, flipBit(root, bit))).toBe(false);
        if (proof.length > 0) {
          const i = bit % proof.length;
          const tampered = proof.map((p, j) => (j === i ? flipBit(p, bit) : p));
          expect(verifyInclusion(leaves[m], m, size, tampered, root)).toBe(false);
          expect(verifyInclusion(leaves[m], m, size, proof.slice(1), root)).toBe(false);
          expect(verifyInclusion(leaves[m], m, size, [...proof, proof[0]], root)).toBe(false);
        }
        expect(verifyInclusion(leaves[m], size, size, proof, root)).toBe(false);
        if (size > 1 && !leaves[(m + 1) % size].equals(leaves[m])) {
          expect(verifyInclusion(leaves[m], (m + 1) % size, size, proof, root)).toBe(false);
        }
      }),
    );
  });

  it('verifies every consistency proof between every pair of sizes (RFC 9162 §2.1.4.2)', () => {
    fc.assert(
      fc.property(treeArb, (entries) => {
        const leaves = entries.map(hashLeaf);
        for (let second = 0; second <= leaves.length; second++) {
          const secondRoot = naiveMth(entries.slice(0, second));
          for (let first = 0; first <= second; first++) {
            const proof = consistencyProof(leaves, first, second);
            if (!verifyConsistency(first, second, naiveMth(entries.slice(0, first)), secondRoot, proof))
              return false;
          }
        }
        return true;
      }),
      { numRuns: 20 },
    );
  });

  it('rejects a consistency proof that is tampered, truncated or for other roots (RFC 9162 §2.1.4.2)', () => {
    fc.assert(
      fc.property(treeArb, fc.nat(), fc.nat(), fc.nat(), (entries, a, b, bit) => {
        fc.pre(entries.length >= 2);
        const leaves = entries.map(hashLeaf);
        const second = 2 + (a % (leaves.length - 1));
        const first = 1 + (b % (second - 1));
        const r1 = rootFromLeafHashes(leaves, first);
        const r2 = rootFromLeafHashes(leaves, second);
        const proof = consistencyProof(leaves, first, second);
        expect(verifyConsistency(first, second, r1, r2, proof)).toBe(true);
        const i = bit % proof.length;
        expect(
          verifyConsistency(
            first,
            second,
            r1,
            r2,
            proof.map((p, j) => (j === i ? flipBit(p, bit) : p)),
          ),
        ).toBe(false);
        expect(verifyConsistency(first, second, r1, r2, proof.slice(0, -1))).toBe(false);
        expect(verifyConsistency(first, second, flipBit(r1, bit), r2, proof)).toBe(false);
        expect(verifyConsistency(first, second, r1, flipBit(r2, bit), proof)).toBe(false);
        expect(verifyConsistency(first, second, r1, r2, [])).toBe(false);
      }),
    );
  });

  it('detects a rewritten old leaf: no consistency proof links the rewritten history (RFC 9162 §2.1.4)', () => {
    const entries = CT_INPUTS.map((e) => Buffer.from(e));
    const oldRoot = naiveMth(entries.slice(0, 5));
    const rewritten = [...entries];
    rewritten[2] = Buffer.from('rewritten');
    const leaves = rewritten.map(hashLeaf);
    const proof = consistencyProof(leaves, 5, 8);
    expect(verifyConsistency(5, 8, oldRoot, rootFromLeafHashes(leaves), proof)).toBe(false);
  });
});

describe(IncrementalTree.name, () => {
  it('gives the RFC 9162 §2.1.1 root at every intermediate size', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 8 }), { maxLength: 40 }), (raw) => {
        const entries = raw.map((e) => Buffer.from(e));
        const tree = new IncrementalTree();
        if (!tree.root().equals(naiveMth([]))) return false;
        return entries.every((e, i) => {
          tree.push(hashLeaf(e));
          return tree.size === i + 1 && tree.root().equals(naiveMth(entries.slice(0, i + 1)));
        });
      }),
    );
  });
});
