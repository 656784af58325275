import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 6: lapse and deletion, and the customer's rights (docs/lifecycle.md).
 * - `domain_lapses`: one row per lapse of a domain; at most one open lapse per domain (partial unique
 *   index), so a repeated POST .../lapse cannot schedule two deletes.
 * - `deletion_steps`: the durable jobs of the deletion chain (domain delete, quarantine end, contact
 *   delete, local erasure), claimed with FOR UPDATE SKIP LOCKED under a lease; each ends with an
 *   explicit status, `skipped` with its reason. At most one open step per (kind, target).
 * - `registry_poll_messages`: every handled poll message, keyed by the registry's message id (handling
 *   is idempotent on it). Only the classification, object names and the notice text are stored, never
 *   the payload (a DRS5 pollData can carry a whole contact).
 * - `legal_holds`: what a hold keeps from erasure, with the rule that requires it.
 * - `subject_privacy`: restriction (Art. 18), erasure request (Art. 17) and erasure time per subject.
 *   While a subject is restricted, the database refuses any new disclosure intent with fields for it
 *   (trigger on ledger_entry): no code path can disclose the subject's data to a recipient.
 */
export class Lifecycle1764400000000 implements MigrationInterface {
  name = 'Lifecycle1764400000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE domain_lapses (
        id uuid PRIMARY KEY,
        domain_name text NOT NULL,
        registration_id uuid,
        subject_id uuid,
        registrant_handle text,
        mode text NOT NULL CHECK (mode IN ('end-of-period', 'date', 'now', 'transfer-away', 'sweep')),
        requested_date text,
        effective_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN
          ('scheduled', 'deleting', 'quarantine', 'restored', 'cancelled', 'purged', 'transferred-away', 'failed')),
        delete_cl_trid text,
        delete_sv_trid text,
        delete_result_code int,
        deleted_at timestamptz,
        quarantine_ends_at timestamptz,
        gone_at timestamptz,
        gone_evidence text,
        restore_sv_trid text,
        reason text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX domain_lapses_one_open ON domain_lapses (domain_name)
                   WHERE status IN ('scheduled', 'deleting', 'quarantine')`);
    await q.query(`CREATE INDEX domain_lapses_subject ON domain_lapses (subject_id, created_at)`);
    await q.query(`CREATE INDEX domain_lapses_handle ON domain_lapses (registrant_handle)`);

    await q.query(`
      CREATE TABLE deletion_steps (
        id bigserial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('domain-delete', 'quarantine-end', 'contact-delete', 'subject-erasure')),
        target text NOT NULL,
        lapse_id uuid REFERENCES domain_lapses(id),
        subject_id uuid,
        status text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'skipped', 'failed', 'cancelled')),
        run_at timestamptz NOT NULL,
        lease_until timestamptz,
        attempts int NOT NULL DEFAULT 0,
        reason text,
        result_code int,
        cl_trid text,
        sv_trid text,
        receipt_entry_id uuid,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        finished_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX deletion_steps_one_open ON deletion_steps (kind, target)
                   WHERE status IN ('queued', 'running')`);
    await q.query(
      `CREATE INDEX deletion_steps_due ON deletion_steps (run_at, id) WHERE status IN ('queued', 'running')`,
    );
    await q.query(`CREATE INDEX deletion_steps_subject ON deletion_steps (subject_id, id)`);

    await q.query(`
      CREATE TABLE registry_poll_messages (
        message_id text PRIMARY KEY,
        q_date timestamptz,
        received_at timestamptz NOT NULL,
        kind text NOT NULL,
        object_type text,
        object_names text[] NOT NULL DEFAULT '{}',
        result_code int,
        msg text,
        handled_at timestamptz,
        outcome text
      )`);

    await q.query(`
      CREATE TABLE legal_holds (
        id uuid PRIMARY KEY,
        subject_id uuid NOT NULL,
        categories text[] NOT NULL CHECK (cardinality(categories) > 0),
        rule text NOT NULL CHECK (length(rule) > 0),
        created_at timestamptz NOT NULL,
        released_at timestamptz
      )`);
    await q.query(`CREATE INDEX legal_holds_subject ON legal_holds (subject_id) WHERE released_at IS NULL`);

    await q.query(`
      CREATE TABLE subject_privacy (
        subject_id uuid PRIMARY KEY,
        restricted boolean NOT NULL DEFAULT false,
        restricted_at timestamptz,
        restriction_reason text,
        erasure_requested_at timestamptz,
        erased_at timestamptz,
        updated_at timestamptz NOT NULL
      )`);

    // Art. 18: a restricted subject's data is not disclosed any more. Every disclosure passes through
    // a ledger intent before the frame leaves (issue 5), so refusing the intent stops the disclosure.
    // Intents without fields (domain:delete, contact:delete end a disclosure) still pass.
    await q.query(`
      CREATE FUNCTION subject_privacy_refuse_restricted_disclosure() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.kind = 'disclosure-intent' AND cardinality(NEW.fields) > 0 AND EXISTS (
             SELECT 1 FROM subject_privacy p WHERE p.subject_id::text = NEW.subject_id AND p.restricted) THEN
          RAISE EXCEPTION 'disclosure refused: the data subject has restricted processing (GDPR Art. 18)'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER ledger_entry_restriction BEFORE INSERT ON ledger_entry
      FOR EACH ROW EXECUTE FUNCTION subject_privacy_refuse_restricted_disclosure()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS ledger_entry_restriction ON ledger_entry`);
    await q.query(`DROP FUNCTION IF EXISTS subject_privacy_refuse_restricted_disclosure()`);
    for (const table of [
      'subject_privacy',
      'legal_holds',
      'registry_poll_messages',
      'deletion_steps',
      'domain_lapses',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
