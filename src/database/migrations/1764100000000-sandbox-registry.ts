import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The SIDN sandbox's registry state (schema `sandbox`, created by the init migration): registrars,
 * contacts, hosts, domains, the poll queue and the record of every EPP frame in and out.
 * Uniqueness of object ids is guarded by primary keys, so two sessions racing to create the same
 * object get one success and one 2302, never two rows.
 */
export class SandboxRegistry1764100000000 implements MigrationInterface {
  name = 'SandboxRegistry1764100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE sandbox.roid_seq`);
    await q.query(`CREATE SEQUENCE sandbox.sv_trid_seq`);
    await q.query(`
      CREATE TABLE sandbox.registrar (
        id text PRIMARY KEY,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE sandbox.contact (
        id text PRIMARY KEY,
        roid text NOT NULL UNIQUE,
        registrar text NOT NULL REFERENCES sandbox.registrar(id),
        postal jsonb NOT NULL,
        voice jsonb,
        fax jsonb,
        email text NOT NULL,
        auth_pw text NOT NULL,
        disclose jsonb,
        properties jsonb NOT NULL DEFAULT '{}',
        statuses text[] NOT NULL DEFAULT '{}',
        cr_id text NOT NULL,
        cr_date timestamptz NOT NULL,
        up_id text,
        up_date timestamptz
      )`);
    await q.query(`
      CREATE TABLE sandbox.host (
        name text PRIMARY KEY,
        roid text NOT NULL UNIQUE,
        registrar text NOT NULL REFERENCES sandbox.registrar(id),
        addrs jsonb NOT NULL DEFAULT '[]',
        statuses text[] NOT NULL DEFAULT '{}',
        cr_id text NOT NULL,
        cr_date timestamptz NOT NULL,
        up_id text,
        up_date timestamptz
      )`);
    await q.query(`
      CREATE TABLE sandbox.domain (
        name text PRIMARY KEY,
        roid text NOT NULL UNIQUE,
        registrar text NOT NULL REFERENCES sandbox.registrar(id),
        registrant text NOT NULL REFERENCES sandbox.contact(id),
        admin text[] NOT NULL,
        tech text[] NOT NULL,
        ns text[] NOT NULL DEFAULT '{}',
        auth_pw text NOT NULL,
        statuses text[] NOT NULL DEFAULT '{}',
        properties jsonb NOT NULL DEFAULT '{}',
        sec_dns text,
        cr_id text NOT NULL,
        cr_date timestamptz NOT NULL,
        up_id text,
        up_date timestamptz,
        ex_date timestamptz NOT NULL,
        tr_date timestamptz,
        last_transfer jsonb,
        rgp_status text CHECK (rgp_status IN ('redemptionPeriod', 'pendingRestore')),
        rgp_end timestamptz,
        pending_restore_end timestamptz,
        deleted_at timestamptz
      )`);
    await q.query(`CREATE INDEX domain_rgp_end_idx ON sandbox.domain (rgp_end) WHERE rgp_status IS NOT NULL`);
    await q.query(`
      CREATE TABLE sandbox.poll_message (
        id bigserial PRIMARY KEY,
        registrar text NOT NULL REFERENCES sandbox.registrar(id),
        q_date timestamptz NOT NULL,
        msg text NOT NULL,
        res_data jsonb
      )`);
    await q.query(`CREATE INDEX poll_message_registrar_idx ON sandbox.poll_message (registrar, id)`);
    await q.query(`
      CREATE TABLE sandbox.frame (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        registrar text,
        session_id text NOT NULL,
        direction text NOT NULL CHECK (direction IN ('in', 'out')),
        command text,
        xml text NOT NULL
      )`);
    await q.query(`CREATE INDEX frame_registrar_idx ON sandbox.frame (registrar, id)`);
    await q.query(`CREATE INDEX frame_session_idx ON sandbox.frame (session_id, id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS sandbox.frame`);
    await q.query(`DROP TABLE IF EXISTS sandbox.poll_message`);
    await q.query(`DROP TABLE IF EXISTS sandbox.domain`);
    await q.query(`DROP TABLE IF EXISTS sandbox.host`);
    await q.query(`DROP TABLE IF EXISTS sandbox.contact`);
    await q.query(`DROP TABLE IF EXISTS sandbox.registrar`);
    await q.query(`DROP SEQUENCE IF EXISTS sandbox.sv_trid_seq`);
    await q.query(`DROP SEQUENCE IF EXISTS sandbox.roid_seq`);
  }
}
