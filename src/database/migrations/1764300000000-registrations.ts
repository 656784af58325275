import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 4: data subjects and their keys, encrypted customer profiles, registrant contacts at the
 * registry, registrations with their timeline, and the workflow's job table (outbox drained with
 * FOR UPDATE SKIP LOCKED). Personal data lives only in `customer_profiles.sealed_profile` and
 * `registrant_contacts.sealed_registry_copy`, both encrypted under the subject's data key.
 */
export class Registrations1764300000000 implements MigrationInterface {
  name = 'Registrations1764300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subject_keys (
        subject_id uuid PRIMARY KEY,
        wrapped_data_key bytea,
        wrapped_commitment_key bytea,
        created_at timestamptz NOT NULL,
        destroyed_at timestamptz,
        CONSTRAINT subject_keys_live_or_destroyed CHECK (
          (destroyed_at IS NULL AND wrapped_data_key IS NOT NULL AND wrapped_commitment_key IS NOT NULL)
          OR (destroyed_at IS NOT NULL AND wrapped_data_key IS NULL AND wrapped_commitment_key IS NULL))
      )`);
    await q.query(`
      CREATE TABLE data_subjects (
        id uuid PRIMARY KEY,
        customer_id text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE customer_profiles (
        subject_id uuid PRIMARY KEY REFERENCES data_subjects(id),
        sealed_profile bytea NOT NULL,
        stored_fields text[] NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE registrant_contacts (
        subject_id uuid PRIMARY KEY REFERENCES data_subjects(id),
        handle text NOT NULL UNIQUE,
        state text NOT NULL CHECK (state IN ('creating', 'active', 'updating')),
        owner_registration_id uuid,
        sealed_registry_copy bytea,
        sealed_pending_copy bytea,
        create_sent boolean NOT NULL DEFAULT false,
        create_intent_entry_id text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE registrations (
        id uuid PRIMARY KEY,
        client_name text NOT NULL,
        idempotency_key text NOT NULL,
        request_digest text NOT NULL,
        order_id text,
        subject_id uuid NOT NULL REFERENCES data_subjects(id),
        domain_name text NOT NULL,
        domain_unicode text NOT NULL,
        nameservers text[] NOT NULL,
        period_value int NOT NULL,
        period_unit text NOT NULL CHECK (period_unit IN ('y', 'm')),
        status text NOT NULL CHECK (status IN ('accepted', 'contact-ready', 'registered', 'failed', 'needs-attention')),
        registrant_handle text,
        domain_create_sent boolean NOT NULL DEFAULT false,
        contact_svtrid text,
        domain_svtrid text,
        error_code text,
        error_reason text,
        registry_result_code int,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT registrations_idempotency UNIQUE (client_name, idempotency_key)
      )`);
    // One order in flight per domain: a second order for the same name waits for the first to end.
    await q.query(`CREATE UNIQUE INDEX registrations_one_in_flight_per_domain ON registrations (domain_name)
                   WHERE status IN ('accepted', 'contact-ready')`);
    await q.query(`CREATE INDEX registrations_subject ON registrations (subject_id)`);
    await q.query(`CREATE INDEX registrations_status ON registrations (status, id)`);
    await q.query(`
      CREATE TABLE registration_events (
        id bigserial PRIMARY KEY,
        registration_id uuid NOT NULL REFERENCES registrations(id),
        at timestamptz NOT NULL,
        step text NOT NULL,
        status text NOT NULL,
        detail text,
        result_code int,
        svtrid text
      )`);
    await q.query(
      `CREATE INDEX registration_events_registration ON registration_events (registration_id, id)`,
    );
    await q.query(`
      CREATE TABLE registration_jobs (
        id bigserial PRIMARY KEY,
        registration_id uuid NOT NULL REFERENCES registrations(id),
        step text NOT NULL CHECK (step IN ('ensure-contact', 'create-domain')),
        run_at timestamptz NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL,
        done_at timestamptz
      )`);
    await q.query(
      `CREATE UNIQUE INDEX registration_jobs_one_open ON registration_jobs (registration_id) WHERE done_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX registration_jobs_due ON registration_jobs (run_at, id) WHERE done_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id bigserial PRIMARY KEY,
        registration_id uuid NOT NULL REFERENCES registrations(id),
        status text NOT NULL,
        payload jsonb NOT NULL,
        run_at timestamptz NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL,
        delivered_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX webhook_deliveries_due ON webhook_deliveries (run_at, id) WHERE delivered_at IS NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'webhook_deliveries',
      'registration_jobs',
      'registration_events',
      'registrations',
      'registrant_contacts',
      'customer_profiles',
      'data_subjects',
      'subject_keys',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
