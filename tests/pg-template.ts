// The postgres project's global setup: makes the seeded template database every PostgreSQL
// test database is cloned from (tests/test-databases.ts), once per schema and seed, and drops
// clones a killed run left behind.
import pg from 'pg';
import { openStore } from '../db/client';
import { seed } from '../server/seed';
import { ADMIN_PASSWORD, STAFF_PASSWORD, TEST_START } from './constants';
import { adminUrl, databaseUrl, templateName } from './test-databases';

export default async function setup() {
  const c = new pg.Client({ connectionString: adminUrl });
  try {
    await c.connect();
  } catch (e) {
    throw new Error(`PostgreSQL is not reachable at ${adminUrl} (.ci/run starts it): ${String(e)}`);
  }
  try {
    const { rows } = await c.query<{ datname: string }>(
      "select datname from pg_database where datname like 'rt\\_%' order by oid desc",
    );
    const template = templateName();
    // Other schemas' templates are kept a while (the newest few): another run on this machine,
    // on another checkout's migrations, may be cloning from one right now.
    const otherTemplates = rows.filter((r) => r.datname.startsWith('rt_template_') && r.datname !== template);
    const oldTemplates = new Set(otherTemplates.slice(4).map((r) => r.datname));
    for (const { datname } of rows) {
      const pid = /^rt_(\d+)_\d+$/.exec(datname)?.[1];
      const stale = (pid && !alive(Number(pid))) || oldTemplates.has(datname);
      if (stale) await c.query(`drop database if exists ${datname} with (force)`);
    }
    if (rows.some((r) => r.datname === template)) return;
    const building = `${template}_building`;
    await c.query(`drop database if exists ${building} with (force)`);
    await c.query(`create database ${building}`);
    const store = await openStore({ databaseUrl: databaseUrl(building), poolSize: 2 });
    await seed(store, { adminPassword: ADMIN_PASSWORD, staffPassword: STAFF_PASSWORD, now: TEST_START });
    await store.close();
    await c.query(`alter database ${building} rename to ${template}`);
  } finally {
    await c.end();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
