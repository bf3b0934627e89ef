// The migration bookkeeping stays in the store's own PostgreSQL schema, however the schema is chosen.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createPostgresSchema,
  postgresAvailable,
  type PostgresSchema,
} from '../../test/store-targets.ts';
import { openStore, type Store } from './open-store.ts';

describe.skipIf(!postgresAvailable)('a PostgreSQL store next to another schema', () => {
  const schemas: PostgresSchema[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const schema of schemas.splice(0)) await schema.drop();
  });

  it('migrates the schema DATABASE_URL selects by search_path, not one it can merely see', async () => {
    const other = await createPostgresSchema();
    const ours = await createPostgresSchema();
    schemas.push(other, ours);
    // A relay already migrated in `other`: its bookkeeping tables are visible from ours.
    const first = openStore({ kind: 'postgres', url: other.url, schema: other.schema });
    stores.push(first);
    await first.migrate();

    // No schema given: only the URL's search_path says where this relay lives (as a deployment's
    // DATABASE_URL=postgres://...?options=-c%20search_path%3D... does).
    const url = `${ours.url}?options=${encodeURIComponent(`-c search_path=${ours.schema}`)}`;
    const second = openStore({ kind: 'postgres', url });
    stores.push(second);
    expect(await second.isReady()).toBe(false);
    const applied = await second.migrate();
    expect(applied.length).toBeGreaterThan(0);
    expect(await second.isReady()).toBe(true);
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = ${ours.schema}`.execute(
      second.db,
    );
    expect(tables.rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(['conversations', 'jobs', 'kysely_migration']),
    );
  });
});
