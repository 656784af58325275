import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The disclosure ledger (docs/ledger.md): entries and signed checkpoints, append-only.
 * - UPDATE and DELETE raise (row triggers), TRUNCATE raises (statement trigger), and the privileges
 *   are revoked from PUBLIC; only a superuser who disables triggers can change a row, and then the
 *   Merkle tree and the signed checkpoints show it.
 * - An insert must take the next leaf index (dense, in order) and carry the correct RFC 9162 leaf
 *   hash of its text: the database checks both, whatever the application does.
 */
export class Ledger1764200000000 implements MigrationInterface {
  name = 'Ledger1764200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ledger_entry (
        seq              bigserial PRIMARY KEY,
        leaf_index       bigint NOT NULL UNIQUE CHECK (leaf_index >= 0),
        entry_id         uuid NOT NULL UNIQUE,
        kind             text NOT NULL
                         CHECK (kind IN ('disclosure-intent', 'disclosure-outcome', 'deletion-receipt', 'incident')),
        entry            text NOT NULL,
        leaf_hash        bytea NOT NULL CHECK (octet_length(leaf_hash) = 32),
        recipient        text NOT NULL,
        subject_id       text NOT NULL,
        channel          text NOT NULL,
        fields           text[] NOT NULL DEFAULT '{}',
        domain           text,
        registration_id  text,
        cl_trid          text,
        sv_trid          text,
        result_code      integer,
        outcome          text CHECK (outcome IN ('success', 'failed', 'unknown')),
        intent_entry_id  uuid REFERENCES ledger_entry (entry_id),
        created_at       timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX ledger_entry_recipient_idx ON ledger_entry (recipient, seq)`);
    await q.query(`CREATE INDEX ledger_entry_subject_idx ON ledger_entry (subject_id, seq)`);
    await q.query(`CREATE INDEX ledger_entry_domain_idx ON ledger_entry (domain, seq)`);
    await q.query(`CREATE INDEX ledger_entry_channel_idx ON ledger_entry (channel, seq)`);
    await q.query(`CREATE INDEX ledger_entry_created_idx ON ledger_entry (created_at, seq)`);
    await q.query(`CREATE INDEX ledger_entry_fields_idx ON ledger_entry USING gin (fields)`);
    await q.query(`CREATE INDEX ledger_entry_intent_idx ON ledger_entry (intent_entry_id)`);

    await q.query(`
      CREATE TABLE ledger_checkpoint (
        id          bigserial PRIMARY KEY,
        tree_size   bigint NOT NULL UNIQUE CHECK (tree_size >= 0),
        root_hash   bytea NOT NULL CHECK (octet_length(root_hash) = 32),
        note        text NOT NULL,
        created_at  timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ledger table % is append-only: % refused', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE FUNCTION ledger_entry_check_append() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        next_index bigint;
      BEGIN
        SELECT coalesce(max(leaf_index) + 1, 0) INTO next_index FROM ledger_entry;
        IF NEW.leaf_index <> next_index THEN
          RAISE EXCEPTION 'ledger_entry: leaf index % is not the next index %', NEW.leaf_index, next_index
            USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.leaf_hash <> sha256('\\x00'::bytea || convert_to(NEW.entry, 'UTF8')) THEN
          RAISE EXCEPTION 'ledger_entry: leaf hash does not match the entry (RFC 9162 2.1.1)'
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE FUNCTION ledger_checkpoint_check_append() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        latest bigint;
        entries bigint;
      BEGIN
        SELECT max(tree_size) INTO latest FROM ledger_checkpoint;
        SELECT count(*) INTO entries FROM ledger_entry;
        IF latest IS NOT NULL AND NEW.tree_size < latest THEN
          RAISE EXCEPTION 'ledger_checkpoint: tree size % is below the latest checkpoint %', NEW.tree_size, latest
            USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.tree_size > entries THEN
          RAISE EXCEPTION 'ledger_checkpoint: tree size % exceeds the % entries', NEW.tree_size, entries
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);

    for (const table of ['ledger_entry', 'ledger_checkpoint']) {
      await q.query(`
        CREATE TRIGGER ${table}_no_update_delete BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`);
      await q.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`);
      await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM PUBLIC`);
    }
    await q.query(`
      CREATE TRIGGER ledger_entry_append BEFORE INSERT ON ledger_entry
      FOR EACH ROW EXECUTE FUNCTION ledger_entry_check_append()`);
    await q.query(`
      CREATE TRIGGER ledger_checkpoint_append BEFORE INSERT ON ledger_checkpoint
      FOR EACH ROW EXECUTE FUNCTION ledger_checkpoint_check_append()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS ledger_checkpoint`);
    await q.query(`DROP TABLE IF EXISTS ledger_entry`);
    await q.query(`DROP FUNCTION IF EXISTS ledger_checkpoint_check_append()`);
    await q.query(`DROP FUNCTION IF EXISTS ledger_entry_check_append()`);
    await q.query(`DROP FUNCTION IF EXISTS ledger_refuse_change()`);
  }
}
