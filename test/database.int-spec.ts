import { createTestDatabase, TestDatabase } from './support/database';

describe('test database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('db');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('is a real PostgreSQL with the migrations applied', async () => {
    const [{ version }] = await db.dataSource.query('SELECT version()');
    expect(version).toMatch(/^PostgreSQL \d+/);
    const rows = await db.dataSource.query(`SELECT name FROM handoff_migrations`);
    expect(rows.map((r: { name: string }) => r.name)).toContain('Init1764000000000');
  });
});
