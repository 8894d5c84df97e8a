// Readiness (/healthz, what the load balancer checks) answers while the store is busy: on
// PostgreSQL it has a connection of its own, so a rush that takes every pooled connection (and
// queues hundreds of queries for one) does not make a healthy process look dead.
import { describe, expect, it } from 'vitest';
import type { PostgresStore } from '../../db/postgres';
import { testApp } from '../helpers';
import { testBackend } from '../test-databases';

describe('readiness under load', () => {
  it.skipIf(testBackend() !== 'postgres')('PostgreSQL: ready at once while every pooled connection is held', async () => {
    const f = await testApp();
    const store = f.store as unknown as PostgresStore;
    expect(await store.ready()).toBe(true);
    const held = await Promise.all(Array.from({ length: store.pool.options.max }, () => store.pool.connect()));
    try {
      for (const c of held) await c.query('begin');
      // A query through the pool now waits for a connection...
      let pooledAnswered = false;
      const pooled = store.pool.query('select 1').then(() => {
        pooledAnswered = true;
      });
      // ...readiness does not.
      const answer = await Promise.race([store.ready(), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 2000))]);
      expect(answer).toBe(true);
      expect(pooledAnswered).toBe(false);
      // Checks asked together share one query and all answer.
      expect(await Promise.all([store.ready(), store.ready(), store.ready()])).toEqual([true, true, true]);
      for (const c of held) await c.query('rollback');
      for (const c of held.splice(0)) c.release();
      await pooled;
    } finally {
      for (const c of held) c.release();
    }
    // /healthz says the same.
    expect((await f.client.get('/healthz')).status).toBe(200);
  });
});
