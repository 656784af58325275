import { MigrationInterface, QueryRunner } from 'typeorm';

/** Extensions and the schema of the sandbox registry, which keeps its state apart from Handoff's. */
export class Init1764000000000 implements MigrationInterface {
  name = 'Init1764000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS sandbox`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA IF EXISTS sandbox CASCADE`);
  }
}
