import { createHash } from 'node:crypto';

/**
 * Merkle tree hashing and proofs exactly as RFC 9162 (Certificate Transparency 2.0) §2.1 defines them,
 * which keeps RFC 6962's tree: SHA-256, leaf hash `H(0x00 || d)`, interior node `H(0x01 || left || right)`,
 * and the tree over n leaves split at the largest power of two smaller than n.
 * Pure functions over byte arrays: no I/O, no clock.
 */

export const HASH_SIZE = 32;

function sha256(...parts: Uint8Array[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** RFC 9162 §2.1.1: MTH({d(0)}) = SHA-256(0x00 || d(0)). */
export function hashLeaf(entry: Uint8Array): Buffer {
  return sha256(LEAF_PREFIX, entry);
}

/** RFC 9162 §2.1.1: SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  return sha256(NODE_PREFIX, left, right);
}

/** MTH({}) = SHA-256() (RFC 9162 §2.1.1). */
export function emptyRoot(): Buffer {
  return sha256();
}

/** The largest power of two strictly smaller than n (n > 1), the split point k of RFC 9162 §2.1.1. */
export function largestPowerOfTwoBelow(n: number): number {
  if (!Number.isSafeInteger(n) || n < 2) throw new RangeError('n must be an integer > 1');
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function assertSize(name: string, value: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) throw new RangeError(`${name} out of range`);
}

/**
 * A tree built leaf by leaf that can give its root at the current size at any moment. It keeps a
 * stack of completed perfect subtrees (at most log2(n) of them); the root merges them right to left,
 * which is the RFC 9162 §2.1.1 tree because its left subtree is always the largest perfect one.
 */
export class IncrementalTree {
  private readonly stack: { hash: Buffer; height: number }[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(leafHash: Uint8Array): void {
    if (leafHash.length !== HASH_SIZE) throw new RangeError('leaf hash must be 32 bytes');
    let node: { hash: Buffer; height: number } = { hash: Buffer.from(leafHash), height: 0 };
    while (this.stack.length > 0 && this.stack[this.stack.length - 1].height === node.height) {
      const left = this.stack.pop()!;
      node = { hash: hashChildren(left.hash, node.hash), height: node.height + 1 };
    }
    this.stack.push(node);
    this.count++;
  }

  root(): Buffer {
    if (this.stack.length === 0) return emptyRoot();
    let acc = this.stack[this.stack.length - 1].hash;
    for (let i = this.stack.length - 2; i >= 0; i--) acc = hashChildren(this.stack[i].hash, acc);
    return acc;
  }
}

/** The Merkle Tree Hash of the first `size` leaves, given their leaf hashes. O(n) time, O(log n) memory. */
export function rootFromLeafHashes(leafHashes: readonly Uint8Array[], size = leafHashes.length): Buffer {
  assertSize('size', size, leafHashes.length);
  const tree = new IncrementalTree();
  for (let i = 0; i < size; i++) tree.push(leafHashes[i]);
  return tree.root();
}

/** MTH(D[start:end]) over leaf hashes, by the recursive definition; used by the proof generators. */
function subtreeRoot(leafHashes: readonly Uint8Array[], start: number, end: number): Buffer {
  return rootFromLeafHashes(leafHashes.slice(start, end));
}

/**
 * RFC 9162 §2.1.3.1: PATH(m, D[n]), the inclusion proof for leaf m in the tree of the first `size`
 * leaves. Returned bottom-up (nearest sibling first), as the verification algorithm consumes it.
 */
export function inclusionProof(
  leafHashes: readonly Uint8Array[],
  leafIndex: number,
  size = leafHashes.length,
): Buffer[] {
  assertSize('size', size, leafHashes.length);
  assertSize('leafIndex', leafIndex, size - 1);
  const path = (m: number, start: number, end: number): Buffer[] => {
    const n = end - start;
    if (n === 1) return [];
    const k = largestPowerOfTwoBelow(n);
    if (m < k) return [...path(m, start, start + k), subtreeRoot(leafHashes, start + k, end)];
    return [...path(m - k, start + k, end), subtreeRoot(leafHashes, start, start + k)];
  };
  return path(leafIndex, 0, size);
}

/**
 * RFC 9162 §2.1.4.1: PROOF(m, D[n]) = SUBPROOF(m, D[n], true), the consistency proof between the tree
 * of the first `oldSize` leaves and that of the first `newSize`. Empty when oldSize is 0 or equals newSize.
 */
export function consistencyProof(
  leafHashes: readonly Uint8Array[],
  oldSize: number,
  newSize = leafHashes.length,
): Buffer[] {
  assertSize('newSize', newSize, leafHashes.length);
  assertSize('oldSize', oldSize, newSize);
  if (oldSize === 0 || oldSize === newSize) return [];
  const subproof = (m: number, start: number, end: number, b: boolean): Buffer[] => {
    const n = end - start;
    if (m === n) return b ? [] : [subtreeRoot(leafHashes, start, end)];
    const k = largestPowerOfTwoBelow(n);
    if (m <= k) return [...subproof(m, start, start + k, b), subtreeRoot(leafHashes, start + k, end)];
    return [...subproof(m - k, start + k, end, false), subtreeRoot(leafHashes, start, start + k)];
  };
  return subproof(oldSize, 0, newSize, true);
}

function isSet(x: bigint): boolean {
  return (x & 1n) === 1n;
}

/**
 * RFC 9162 §2.1.3.2: verifies an inclusion proof. Sizes are handled as bigints so the bit arithmetic
 * is exact for any tree size.
 */
export function verifyInclusion(
  leafHash: Uint8Array,
  leafIndex: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  rootHash: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0) return false;
  // 1. leaf_index must be below tree_size.
  if (leafIndex >= treeSize) return false;
  if (leafHash.length !== HASH_SIZE || rootHash.length !== HASH_SIZE) return false;
  // 2.-3.
  let fn = BigInt(leafIndex);
  let sn = BigInt(treeSize - 1);
  let r: Buffer = Buffer.from(leafHash);
  // 4.
  for (const p of proof) {
    if (p.length !== HASH_SIZE) return false;
    if (sn === 0n) return false; // 4a
    if (isSet(fn) || fn === sn) {
      r = hashChildren(p, r);
      if (!isSet(fn)) {
        while (!isSet(fn) && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  // 5.
  return sn === 0n && Buffer.from(rootHash).equals(r);
}

/**
 * RFC 9162 §2.1.4.2: verifies a consistency proof between (firstSize, firstHash) and
 * (secondSize, secondHash). The RFC's algorithm covers 0 < first < second; the two trivial cases
 * (first == second: same root, empty proof; first == 0: empty proof) are decided here explicitly.
 */
export function verifyConsistency(
  firstSize: number,
  secondSize: number,
  firstHash: Uint8Array,
  secondHash: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!Number.isSafeInteger(firstSize) || !Number.isSafeInteger(secondSize)) return false;
  if (firstSize < 0 || firstSize > secondSize) return false;
  if (firstHash.length !== HASH_SIZE || secondHash.length !== HASH_SIZE) return false;
  if (proof.some((p) => p.length !== HASH_SIZE)) return false;
  if (firstSize === secondSize)
    return proof.length === 0 && Buffer.from(firstHash).equals(Buffer.from(secondHash));
  if (firstSize === 0) return proof.length === 0;
  // 1. An empty path fails.
  if (proof.length === 0) return false;
  // 2. If first is an exact power of 2, prepend first_hash.
  const path: Uint8Array[] = (firstSize & (firstSize - 1)) === 0 ? [firstHash, ...proof] : [...proof];
  // 3.
  let fn = BigInt(firstSize - 1);
  let sn = BigInt(secondSize - 1);
  // 4.
  if (isSet(fn)) {
    while (isSet(fn)) {
      fn >>= 1n;
      sn >>= 1n;
    }
  }
  // 5.
  let fr: Buffer = Buffer.from(path[0]);
  let sr: Buffer = Buffer.from(path[0]);
  // 6.
  for (const c of path.slice(1)) {
    if (sn === 0n) return false; // 6a
    if (isSet(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (!isSet(fn)) {
        while (!isSet(fn) && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  // 7.
  return fr.equals(Buffer.from(firstHash)) && sr.equals(Buffer.from(secondHash)) && sn === 0n;
}
