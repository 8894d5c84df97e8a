// Three processes started at the same instant on an empty database: one migrates, one seeds,
// and tickets through the balancer, spread over all three, are numbered without gap or repeat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type City, startCity } from '../../scripts/city';
import { ADMIN_PASSWORD, STAFF_PASSWORD } from '../constants';
import { TestClient } from '../helpers';
import { adminUrl, databaseUrl, queryRows as query } from '../test-databases';

const DB = `rt_city3_${process.pid}`;
let city: City;

beforeAll(async () => {
  await query(adminUrl, `drop database if exists ${DB} with (force)`);
  city = await startCity({
    processes: 3,
    databaseUrl: databaseUrl(DB),
    log: (line) => process.env.CITY_LOG && process.stderr.write(line),
    env: { ADMIN_PASSWORD, STAFF_PASSWORD, LOG_LEVEL: 'silent' },
  });
}, 120_000);

afterAll(async () => {
  await city?.stop();
  await query(adminUrl, `drop database if exists ${DB} with (force)`);
});

describe('a city of three processes', () => {
  it('started together on an empty database: one schema, one seed; numbers consecutive across all three', async () => {
    expect((await query<{ n: number }>(databaseUrl(DB), 'select count(*)::int as n from offices'))[0]!.n).toBe(2); // one seed: the two demo centres
    expect((await query<{ n: number }>(databaseUrl(DB), 'select count(*)::int as n from services'))[0]!.n).toBeGreaterThan(5);
    expect((await query<{ n: number }>(databaseUrl(DB), 'select count(*)::int as n from server_secrets'))[0]!.n).toBe(1);
    const officers = city.apps.map((a) => new TestClient((p, init) => fetch(a.url + p, init), a.url));
    for (const o of officers) await o.login('canbo1');
    const A = (await query<{ id: number }>(databaseUrl(DB), "select id from services where prefix = 'A' and office_id = 1"))[0]!
      .id;
    const numbers = await Promise.all(
      Array.from({ length: 150 }, async (_, i) => {
        const r = await officers[i % 3]!.post('/api/offices/1/tickets', { serviceId: A });
        expect(r.status).toBe(201);
        return Number(r.body.number.slice(1));
      }),
    );
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
  });
});
