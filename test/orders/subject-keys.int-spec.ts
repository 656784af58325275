import { randomBytes, randomUUID } from 'node:crypto';
import {
  SubjectKeysService,
  SubjectKeyUnavailableError,
} from '../../src/privacy-crypto/subject-keys.service';
import { DecryptionError } from '../../src/privacy-crypto/aead';
import { createTestDatabase, TestDatabase } from '../support/database';

describe(SubjectKeysService.name, () => {
  let db: TestDatabase;
  let keys: SubjectKeysService;
  const now = new Date(Date.UTC(2026, 10, 25));

  beforeAll(async () => {
    db = await createTestDatabase('orders_keys');
    keys = new SubjectKeysService(randomBytes(32), db.dataSource);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('encrypts per subject with AES-256-GCM; the stored keys are wrapped, never plain', async () => {
    const subject = randomUUID();
    await keys.ensure(subject, now);
    await keys.ensure(subject, now); // idempotent
    const sealed = await keys.encrypt(subject, 'profile', Buffer.from('Jan Jansen'));
    expect(sealed.toString('latin1')).not.toContain('Jan Jansen');
    expect((await keys.decrypt(subject, 'profile', sealed)).toString()).toBe('Jan Jansen');
    const rows = (await db.dataSource.query(
      `SELECT wrapped_data_key FROM subject_keys WHERE subject_id = $1`,
      [subject],
    )) as {
      wrapped_data_key: Buffer;
    }[];
    expect(rows[0].wrapped_data_key.length).toBe(1 + 12 + 16 + 32);
  });

  it("a ciphertext does not open under another subject's key or another purpose", async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await keys.ensure(a, now);
    await keys.ensure(b, now);
    const sealed = await keys.encrypt(a, 'profile', Buffer.from('x'));
    await expect(keys.decrypt(b, 'profile', sealed)).rejects.toThrow(DecryptionError);
    await expect(keys.decrypt(a, 'other', sealed)).rejects.toThrow(DecryptionError);
  });

  it('a master key other than the one that wrapped the keys cannot unwrap them', async () => {
    const subject = randomUUID();
    await keys.ensure(subject, now);
    const other = new SubjectKeysService(randomBytes(32), db.dataSource);
    await expect(other.commitmentKey(subject)).rejects.toThrow(DecryptionError);
  });

  it('destroying the subject key makes its data and commitments unrecoverable (crypto-shredding)', async () => {
    const subject = randomUUID();
    await keys.ensure(subject, now);
    const sealed = await keys.encrypt(subject, 'profile', Buffer.from('secret'));
    expect((await keys.commitmentKey(subject)).length).toBe(32);
    expect(await keys.destroy(subject, now)).toBe(true);
    expect(await keys.destroy(subject, now)).toBe(false);
    await expect(keys.decrypt(subject, 'profile', sealed)).rejects.toThrow(SubjectKeyUnavailableError);
    await expect(keys.commitmentKey(subject)).rejects.toThrow('destroyed');
    const rows = (await db.dataSource.query(
      `SELECT wrapped_data_key, wrapped_commitment_key FROM subject_keys WHERE subject_id = $1`,
      [subject],
    )) as { wrapped_data_key: Buffer | null; wrapped_commitment_key: Buffer | null }[];
    expect(rows[0]).toEqual({ wrapped_data_key: null, wrapped_commitment_key: null });
  });
});
