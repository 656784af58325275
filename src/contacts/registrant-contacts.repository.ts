import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SubjectKeysService } from '../privacy-crypto/subject-keys.service';
import type { RegistrantContact } from '../recipients/sidn-projection';

/** `deleting`: claimed by the lifecycle for contact:delete; orders wait and then create a fresh contact. */
export type RegistrantState = 'creating' | 'active' | 'updating' | 'deleting';

export interface RegistrantContactRow {
  subjectId: string;
  handle: string;
  state: RegistrantState;
  ownerRegistrationId: string | null;
  createSent: boolean;
  hasRegistryCopy: boolean;
}

const COPY = 'registry-contact';
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A fresh contact handle: `HO` + 12 random characters (60 bits). Opaque by construction: nothing of
 * the customer (name, e-mail, customer number) goes into it. 14 characters fit RFC 5730 clIDType (3-16).
 */
export function randomContactHandle(): string {
  let id = 'HO';
  for (let i = 0; i < 12; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}

/**
 * The one registry contact per data subject (table `registrant_contacts`), with the state machine
 * that keeps it single: `creating` (owned by the registration that creates it; `create_sent` once a
 * contact:create may have left) → `active` → `updating` (owned by the registration sending a
 * contact:update) → `active`. Concurrent registrations of one subject take turns through
 * conditional updates; the primary key on subject_id makes a second contact impossible.
 * `sealed_registry_copy` is what the registry holds (encrypted), to compute the next update.
 */
@Injectable()
export class RegistrantContactsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: SubjectKeysService,
  ) {}

  async find(
    subjectId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RegistrantContactRow | undefined> {
    const rows = (await manager.query(
      `SELECT subject_id, handle, state, owner_registration_id, create_sent, sealed_registry_copy IS NOT NULL AS has_copy
         FROM registrant_contacts WHERE subject_id = $1`,
      [subjectId],
    )) as {
      subject_id: string;
      handle: string;
      state: RegistrantState;
      owner_registration_id: string | null;
      create_sent: boolean;
      has_copy: boolean;
    }[];
    const r = rows[0];
    return r
      ? {
          subjectId: r.subject_id,
          handle: r.handle,
          state: r.state,
          ownerRegistrationId: r.owner_registration_id,
          createSent: r.create_sent,
          hasRegistryCopy: r.has_copy,
        }
      : undefined;
  }

  /** Starts the subject's contact, owned by `registrationId`; false when it already exists. */
  async startCreate(subjectId: string, registrationId: string, now: Date): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO registrant_contacts (subject_id, handle, state, owner_registration_id, created_at, updated_at)
       VALUES ($1, $2, 'creating', $3, $4, $4) ON CONFLICT (subject_id) DO NOTHING RETURNING subject_id`,
      [subjectId, randomContactHandle(), registrationId, now],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Moves ownership of a pending create/update from a registration that has ended. */
  async takeOver(subjectId: string, from: string | null, to: string, now: Date): Promise<boolean> {
    const result = (await this.dataSource.query(
      `UPDATE registrant_contacts SET owner_registration_id = $3, updated_at = $4
        WHERE subject_id = $1 AND state <> 'active' AND owner_registration_id IS NOT DISTINCT FROM $2
        RETURNING subject_id`,
      [subjectId, from, to, now],
    )) as [unknown[], number];
    return result[0].length > 0;
  }

  /** A contact:create may leave now; `intentEntryId` is its ledger intent (to confirm it after a look). */
  async markCreateSent(
    subjectId: string,
    pending: RegistrantContact,
    intentEntryId: string,
    now: Date,
    manager: EntityManager,
  ) {
    await manager.query(
      `UPDATE registrant_contacts SET create_sent = true, sealed_pending_copy = $2, create_intent_entry_id = $3, updated_at = $4
        WHERE subject_id = $1`,
      [subjectId, await this.seal(subjectId, pending, manager), intentEntryId, now],
    );
  }

  /** The ledger intent of the last contact:create that may have left, if any. */
  async createIntent(subjectId: string): Promise<string | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT create_intent_entry_id FROM registrant_contacts WHERE subject_id = $1`,
      [subjectId],
    )) as { create_intent_entry_id: string | null }[];
    return rows[0]?.create_intent_entry_id ?? undefined;
  }

  /** The create did not happen (a registry refusal): forget the row so a later order starts afresh. */
  async abandonCreate(subjectId: string, manager: EntityManager) {
    await manager.query(`DELETE FROM registrant_contacts WHERE subject_id = $1 AND state = 'creating'`, [
      subjectId,
    ]);
  }

  /** The registry holds the contact as `copy` now (after create, update or reconciliation). */
  async activate(
    subjectId: string,
    handle: string,
    copy: RegistrantContact,
    now: Date,
    manager: EntityManager,
  ) {
    await manager.query(
      `UPDATE registrant_contacts SET state = 'active', handle = $2, sealed_registry_copy = $3, sealed_pending_copy = NULL,
              owner_registration_id = NULL, create_sent = false, create_intent_entry_id = NULL, updated_at = $4
        WHERE subject_id = $1`,
      [subjectId, handle, await this.seal(subjectId, copy, manager), now],
    );
  }

  /** Takes the active contact for an update by `registrationId`; false when another one holds it. */
  async startUpdate(
    subjectId: string,
    registrationId: string,
    pending: RegistrantContact,
    now: Date,
  ): Promise<boolean> {
    const result = (await this.dataSource.query(
      `UPDATE registrant_contacts SET state = 'updating', owner_registration_id = $2, sealed_pending_copy = $3, updated_at = $4
        WHERE subject_id = $1 AND state = 'active' RETURNING subject_id`,
      [subjectId, registrationId, await this.seal(subjectId, pending), now],
    )) as [unknown[], number];
    return result[0].length > 0;
  }

  /** An update the registry refused: the registry still holds the old copy. */
  async abortUpdate(subjectId: string, now: Date, manager: EntityManager) {
    await manager.query(
      `UPDATE registrant_contacts SET state = 'active', sealed_pending_copy = NULL, owner_registration_id = NULL, updated_at = $2
        WHERE subject_id = $1 AND state = 'updating'`,
      [subjectId, now],
    );
  }

  async registryCopy(subjectId: string, manager?: EntityManager): Promise<RegistrantContact | undefined> {
    return this.open(subjectId, 'sealed_registry_copy', manager);
  }

  async pendingCopy(subjectId: string, manager?: EntityManager): Promise<RegistrantContact | undefined> {
    return this.open(subjectId, 'sealed_pending_copy', manager);
  }

  private async open(
    subjectId: string,
    column: 'sealed_registry_copy' | 'sealed_pending_copy',
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RegistrantContact | undefined> {
    const rows = (await manager.query(
      `SELECT ${column} AS sealed FROM registrant_contacts WHERE subject_id = $1`,
      [subjectId],
    )) as { sealed: Buffer | null }[];
    const sealed = rows[0]?.sealed;
    if (!sealed) return undefined;
    const plain = await this.keys.decrypt(subjectId, COPY, sealed, manager);
    return JSON.parse(plain.toString('utf8')) as RegistrantContact;
  }

  private async seal(
    subjectId: string,
    contact: RegistrantContact,
    manager?: EntityManager,
  ): Promise<Buffer> {
    return this.keys.encrypt(subjectId, COPY, Buffer.from(JSON.stringify(contact), 'utf8'), manager);
  }
}
