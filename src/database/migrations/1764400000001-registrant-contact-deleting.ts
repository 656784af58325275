import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `registrant_contacts.state = 'deleting'`: the lifecycle claims a contact before it sends
 * contact:delete, so an order arriving meanwhile waits for a fresh contact instead of reusing the
 * handle that is about to disappear.
 */
export class RegistrantContactDeleting1764400000001 implements MigrationInterface {
  name = 'RegistrantContactDeleting1764400000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE registrant_contacts DROP CONSTRAINT registrant_contacts_state_check`);
    await q.query(
      `ALTER TABLE registrant_contacts ADD CONSTRAINT registrant_contacts_state_check
         CHECK (state IN ('creating', 'active', 'updating', 'deleting'))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE registrant_contacts SET state = 'active' WHERE state = 'deleting'`);
    await q.query(`ALTER TABLE registrant_contacts DROP CONSTRAINT registrant_contacts_state_check`);
    await q.query(
      `ALTER TABLE registrant_contacts ADD CONSTRAINT registrant_contacts_state_check
         CHECK (state IN ('creating', 'active', 'updating'))`,
    );
  }
}
