// The Socket.IO handshake is public too: generated garbage in `auth` (office, ticket token, last
// event id) and in the cookie is either refused or served as a display, never crashes the server,
// never joins a staff room and writes nothing.
import fc from 'fast-check';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { testServer } from '../helpers';
import { snapshot } from './endpoints';

const junk = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('1', '1 OR 1=1', '../1', '__proto__', '-1', '1e400', 'NaN'),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

describe('Socket.IO handshake fuzzing', async () => {
  const t = await testServer();

  it('refuses or serves a display, never anything more, and never breaks', { timeout: 120_000 }, async () => {
    const before = await snapshot(t.db);
    const officer = t.client.fresh();
    await officer.login('canbo1');
    const outcomes: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            officeId: fc.oneof({ arbitrary: fc.constantFrom(1, '1'), weight: 2 }, { arbitrary: junk, weight: 3 }),
            ticketToken: junk,
            lastEventId: junk,
          },
          { requiredKeys: [] },
        ),
        fc.option(fc.stringMatching(/^[\w-]{0,50}$/)),
        async (auth, session) => {
          const socket = io(t.url, {
            auth: auth as Record<string, unknown>,
            transports: ['websocket'],
            forceNew: true,
            reconnection: false,
            extraHeaders: session === null ? undefined : { cookie: `rs_session=${session}` },
          });
          const counterEvents: unknown[] = [];
          socket.on('counter', (e) => counterEvents.push(e));
          const outcome = await new Promise<string>((resolve) => {
            socket.once('connect', () => resolve('connected'));
            socket.once('connect_error', (e) => resolve(`refused: ${e.message}`));
            setTimeout(() => resolve('no answer'), 5000);
          });
          // Something happens at a counter while it is connected: staff-only events must not reach it.
          if (outcome === 'connected') {
            await officer.post('/api/counters/1/open');
            await officer.post('/api/counters/1/close');
            await new Promise((r) => setTimeout(r, 50));
          }
          socket.close();
          outcomes.push(outcome);
          expect(outcome).not.toBe('no answer');
          expect(counterEvents).toEqual([]);
        },
      ),
      { numRuns: 25 },
    );
    expect((await t.client.get('/healthz')).status).toBe(200);
    // Both kinds of handshake were tried.
    expect(outcomes).toContain('connected');
    expect(outcomes.some((o) => o.startsWith('refused'))).toBe(true);
    // Opening and closing the counter wrote (events, sessions); the handshakes alone wrote nothing
    // else: compare the tables the handshake could touch.
    const after = await snapshot(t.db);
    for (const table of ['tickets', 'appointments', 'devices', 'staff', 'offices', 'counter_services', 'ratings']) {
      expect(after[table], table).toBe(before[table]);
    }
  });
});
