import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import { fail, sendFailure } from '../errors';
import { type AppEnv, clientIp, cookieOptions, requireStaff, SESSION_COOKIE, validate } from '../http';
import { checkCredentials, createSession, revokeSession, SESSION_TTL_MS } from './store';

const loginBody = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});

export const authRoutes = new Hono<AppEnv>()
  .post('/login', validate('json', loginBody), async (c) => {
    const { db, clock, throttle, config } = c.get('deps');
    const { username, password } = c.req.valid('json');
    const keys = [`user:${username.toLowerCase()}`, `ip:${clientIp(c, config.TRUST_PROXY)}`];
    const entry = await throttle.enter(keys, clock.now());
    if ('retryAfter' in entry) return sendFailure(c, fail('RATE_LIMITED', undefined, { retryAfterSeconds: entry.retryAfter }));
    let user: Awaited<ReturnType<typeof checkCredentials>>;
    try {
      user = await checkCredentials(db, username, password);
    } finally {
      await entry.end();
    }
    if (!user) {
      await throttle.fail(keys, clock.now());
      return sendFailure(c, fail('BAD_CREDENTIALS'));
    }
    await throttle.succeed(keys);
    const session = await c.get('deps').store.write((tx) => createSession(tx, user.id, clock.now()));
    setCookie(c, SESSION_COOKIE, session, cookieOptions(c, config, SESSION_TTL_MS / 1000));
    return c.json({ user: { id: user.id, username: user.username, role: user.role, displayName: user.displayName } }, 200);
  })
  .post('/logout', describeRoute({ summary: 'Ends the staff session' }), requireStaff(), async (c) => {
    const session = getCookie(c, SESSION_COOKIE);
    if (session) await c.get('deps').store.write((tx) => revokeSession(tx, session, c.get('deps').clock.now()));
    deleteCookie(c, SESSION_COOKIE, cookieOptions(c, c.get('deps').config, 0));
    return c.json({ ok: true }, 200);
  })
  .get('/me', describeRoute({ summary: 'The signed-in staff member' }), requireStaff(), (c) => {
    const u = c.get('staff');
    return c.json(
      { user: { id: u.id, username: u.username, role: u.role, displayName: u.displayName, officeId: u.officeId } },
      200,
    );
  });
