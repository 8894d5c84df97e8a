// The error catalogue is closed: fail() and reject() take only its codes (the compiler checks),
// and a zod message that looks like a code must be one of them (checked here and at runtime).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorBody, fail, isErrorCode, statusOf } from '../../server/errors';
import { validate } from '../../server/http';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('error codes', () => {
  it('every code a zod schema names as its message is in the catalogue', () => {
    const unknown: string[] = [];
    for (const file of sources('server')) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\b(?:error|message):\s*'([A-Z][A-Z0-9_]+)'/g)) {
        if (!isErrorCode(m[1]!)) unknown.push(`${file}: ${m[1]}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('a custom message that is not a code of the catalogue answers VALIDATION_FAILED', async () => {
    const app = new Hono().post(
      '/',
      validate('json', z.object({ a: z.string({ error: 'NOT_A_CODE_AT_ALL' }), b: z.string({ error: 'REASON_REQUIRED' }) })),
      (c) => c.json({ ok: true }, 200),
    );
    const post = (body: unknown) =>
      app.request('/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const typo = await post({ b: 'x' });
    expect(typo.status).toBe(400);
    expect(((await typo.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    const known = await post({ a: 'x' });
    expect(((await known.json()) as { error: { code: string } }).error.code).toBe('REASON_REQUIRED');
  });

  it('STORAGE_UNAVAILABLE is a 503 with a Vietnamese and an English message', () => {
    expect(statusOf('STORAGE_UNAVAILABLE')).toBe(503);
    const vi = errorBody(fail('STORAGE_UNAVAILABLE'), 'vi').error.message;
    const en = errorBody(fail('STORAGE_UNAVAILABLE'), 'en').error.message;
    expect(vi).toMatch(/lưu trữ/);
    expect(en).toMatch(/storage/i);
    expect(vi).not.toBe(en);
  });

  it('each code has its status and both messages', () => {
    for (const code of ['SLOT_FULL', 'ALREADY_RATED', 'INVALID_RANGE', 'STAFF_NOT_FOUND'] as const) {
      expect(isErrorCode(code)).toBe(true);
      expect(errorBody(fail(code), 'en').error.message).not.toBe(code);
    }
    expect(statusOf('SLOT_FULL')).toBe(409);
    expect(isErrorCode('SLOT_FUL')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
  });
});
