import { createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { open, seal } from './aead';

/** Injection token of the 32-byte master key (see master-key.ts). */
export const MASTER_KEY = Symbol('MASTER_KEY');

export class SubjectKeyUnavailableError extends Error {
  override readonly name = 'SubjectKeyUnavailableError';
  constructor(readonly reason: 'missing' | 'destroyed') {
    super(`the data subject's key is ${reason}`);
  }
}

interface KeyRow {
  wrapped_data_key: Buffer | null;
  wrapped_commitment_key: Buffer | null;
  destroyed_at: Date | null;
}

/**
 * Per-data-subject keys (table `subject_keys`): a data key that encrypts the subject's stored
 * personal data, and a commitment key under which the ledger commits to disclosed values
 * (HMAC-SHA-256). Both are random and stored only wrapped by the master key (AES-256-GCM, bound to
 * the subject id). Erasing a subject is `destroy()`: the wrapped keys are overwritten with NULL, after
 * which every ciphertext and every commitment of that subject, in any copy or backup taken later,
 * is unreadable and unlinkable.
 */
@Injectable()
export class SubjectKeysService {
  constructor(
    @Inject(MASTER_KEY) private readonly masterKey: Buffer,
    private readonly dataSource: DataSource,
  ) {}

  /** Creates the subject's keys unless they exist (idempotent, safe under concurrency). */
  async ensure(
    subjectId: string,
    now: Date,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO subject_keys (subject_id, wrapped_data_key, wrapped_commitment_key, created_at)
       VALUES ($1, $2, $3, $4) ON CONFLICT (subject_id) DO NOTHING`,
      [
        subjectId,
        seal(this.masterKey, randomBytes(32), wrapAad(subjectId, 'data')),
        seal(this.masterKey, randomBytes(32), wrapAad(subjectId, 'commitment')),
        now,
      ],
    );
  }

  async encrypt(
    subjectId: string,
    purpose: string,
    plaintext: Buffer,
    manager?: EntityManager,
  ): Promise<Buffer> {
    const key = await this.unwrap(subjectId, 'data', manager);
    return seal(key, plaintext, dataAad(subjectId, purpose));
  }

  async decrypt(
    subjectId: string,
    purpose: string,
    sealed: Buffer,
    manager?: EntityManager,
  ): Promise<Buffer> {
    const key = await this.unwrap(subjectId, 'data', manager);
    return open(key, sealed, dataAad(subjectId, purpose));
  }

  /** A keyed digest of subject data (e.g. "has the contact changed"), unlinkable once the key is gone. */
  async digest(subjectId: string, purpose: string, data: string, manager?: EntityManager): Promise<string> {
    const key = await this.unwrap(subjectId, 'data', manager);
    return createHmac('sha256', key).update(`${purpose}\n${data}`, 'utf8').digest('hex');
  }

  /** The key the ledger commits field values under (HMAC-SHA-256). */
  async commitmentKey(subjectId: string, manager?: EntityManager): Promise<Buffer> {
    return this.unwrap(subjectId, 'commitment', manager);
  }

  /** Crypto-shredding. Returns false when the subject had no live keys. */
  async destroy(
    subjectId: string,
    now: Date,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const rows = (await manager.query(
      `UPDATE subject_keys SET wrapped_data_key = NULL, wrapped_commitment_key = NULL, destroyed_at = $2
        WHERE subject_id = $1 AND destroyed_at IS NULL RETURNING subject_id`,
      [subjectId, now],
    )) as [unknown[], number] | unknown[];
    const list = Array.isArray(rows[0]) ? (rows[0] as unknown[]) : (rows as unknown[]);
    return list.length > 0;
  }

  private async unwrap(
    subjectId: string,
    which: 'data' | 'commitment',
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Buffer> {
    const rows = (await manager.query(
      `SELECT wrapped_data_key, wrapped_commitment_key, destroyed_at FROM subject_keys WHERE subject_id = $1`,
      [subjectId],
    )) as KeyRow[];
    if (rows.length === 0) throw new SubjectKeyUnavailableError('missing');
    const row = rows[0];
    const wrapped = which === 'data' ? row.wrapped_data_key : row.wrapped_commitment_key;
    if (row.destroyed_at || !wrapped) throw new SubjectKeyUnavailableError('destroyed');
    return open(this.masterKey, wrapped, wrapAad(subjectId, which));
  }
}

function wrapAad(subjectId: string, which: string): string {
  return `handoff:subject-key:${which}:${subjectId}`;
}
function dataAad(subjectId: string, purpose: string): string {
  return `handoff:subject-data:${purpose}:${subjectId}`;
}
