// Fuzzing every public and staff endpoint with generated malformed path parameters, query
// strings, bodies and headers (fast-check): the answer is always a 4xx with an error code, never
// a 5xx, and no row of any table changes. Each endpoint is called by a caller it admits (the
// right staff role or device), so the malformed input reaches its validation.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../helpers';
import { createWorld, type Endpoint, fillPath, type JsonSchema, listEndpoints, ruleFor, snapshot, type World } from './endpoints';

const RUNS = 24;

interface Case {
  kind: string;
  path: string;
  query?: string;
  headers: Record<string, string>;
  body?: string;
  /** The input is malformed for sure: only a 4xx will do. Otherwise (headers only) no 5xx. */
  mustFail: boolean;
  cookie?: string;
}

const text = fc.string({ maxLength: 30 });
const notNumeric = (s: string) => s.trim() !== '' && Number.isNaN(Number(s)) && s !== 'true' && s !== 'false';

/** Path parameter values that name nothing: junk, negative, fractional, huge, unknown. */
const badParam = fc.oneof(
  fc
    .string({ unit: 'binary', minLength: 1, maxLength: 40 })
    .filter((s) => s !== '.' && s !== '..' && !/^\d+$/.test(s) && !/^\d{4}-\d{2}-\d{2}$/.test(s) && !/^[\w-]{8,64}$/.test(s)),
  fc.integer({ min: 10_000_000, max: 2_147_483_647 }).map(String),
  fc.bigInt({ min: 10n ** 10n, max: 10n ** 30n }).map(String),
  fc.integer({ min: -1_000_000, max: 0 }).map(String),
  fc.constantFrom(
    '1.5',
    '1e3',
    '0x10',
    '+1',
    ' 1',
    '1 ',
    '%',
    'null',
    '[]',
    '{}',
    'NaN',
    'Infinity',
    '１',
    '1;drop table tickets',
  ),
);

function typesOf(s: JsonSchema | undefined): Set<string> | null {
  if (!s) return null;
  const out = new Set<string>();
  const visit = (x: JsonSchema) => {
    if (x.type) for (const t of [x.type].flat()) out.add(t === 'integer' ? 'number' : t);
    if (x.enum) for (const v of x.enum) out.add(v === null ? 'null' : typeof v);
    for (const sub of [...(x.anyOf ?? []), ...(x.oneOf ?? [])]) visit(sub);
  };
  visit(s);
  return out.size ? out : null;
}

/** A JSON value whose type the schema does not accept. */
function wrongValue(s: JsonSchema): fc.Arbitrary<unknown> | null {
  const types = typesOf(s);
  if (!types) return null;
  const options: fc.Arbitrary<unknown>[] = [];
  if (!types.has('string')) options.push(fc.string({ minLength: 1 }).filter(notNumeric));
  if (!types.has('number')) options.push(fc.double({ noNaN: true }));
  if (!types.has('boolean')) options.push(fc.boolean());
  if (!types.has('object')) options.push(fc.dictionary(text, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }));
  if (!types.has('array')) options.push(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }));
  return options.length ? fc.oneof(...options) : null;
}

const invalidJsonText = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '{"a":',
    '[1,2',
    'nul',
    '{"x": 1,}',
    "{'a':1}",
    '{"a":1}}',
    '\u0000',
    'undefined',
    '{"__proto__":',
    '\uFEFF{',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  }),
);
const nonObjectJson = fc
  .oneof(fc.integer(), fc.string(), fc.constant(null), fc.boolean(), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }))
  .map((v) => JSON.stringify(v));

/** Bodies the endpoint's schema refuses for sure. */
function badBody(schema: JsonSchema): fc.Arbitrary<string> {
  const options: fc.Arbitrary<string>[] = [invalidJsonText, nonObjectJson, fc.constant(`{"pad":"${'x'.repeat(40 * 1024)}"}`)];
  const props = Object.entries(schema.properties ?? {});
  const typed = props
    .map(([name, s]) => [name, wrongValue(s)] as const)
    .filter((p): p is [string, fc.Arbitrary<unknown>] => !!p[1]);
  if (typed.length) {
    options.push(
      fc
        .tuple(
          fc.constantFrom(...typed),
          fc.dictionary(
            text.filter((k) => !(k in (schema.properties ?? {}))),
            fc.jsonValue({ maxDepth: 1 }),
            { maxKeys: 2 },
          ),
        )
        .chain(([[name, wrong], extra]) => wrong.map((v) => JSON.stringify({ ...extra, [name]: v }))),
    );
  }
  if (schema.required?.length) {
    options.push(
      fc
        .dictionary(
          text.filter((k) => !(k in (schema.properties ?? {}))),
          fc.jsonValue({ maxDepth: 1 }),
          { maxKeys: 3 },
        )
        .map((o) => JSON.stringify(o)),
    );
  }
  return fc.oneof(...options);
}

/** Query values refused for sure: only for parameters with a type, a pattern or a set of values. */
function badQuery(schema: JsonSchema): fc.Arbitrary<string> | null {
  const types = typesOf(schema);
  const constrained = schema.enum || schema.pattern || schema.format || (types && !types.has('string'));
  if (!constrained) return null;
  return fc.oneof(
    fc
      .string({ minLength: 1, maxLength: 30 })
      .filter((s) => notNumeric(s) && !/^\d{4}-\d{2}-\d{2}$/.test(s) && !(schema.enum ?? []).includes(s)),
    fc.constantFrom('-1', '0.5', '1e400', '99999999999999999999', '[object Object]'),
  );
}

const noise = fc.record(
  {
    'accept-language': text,
    'x-request-id': text,
    'user-agent': text,
    accept: text,
    'x-forwarded-for': text,
  },
  { requiredKeys: [] },
);
const oddContentType = fc.constantFrom(
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/xml',
  '*/*',
);

function cases(world: World, e: Endpoint, caller: TestClient): fc.Arbitrary<Case> {
  const rule = ruleFor(e)!;
  const writes = e.method !== 'GET' && e.method !== 'HEAD';
  const sample = writes ? JSON.stringify(rule.sample ?? {}) : undefined;
  const json = { 'content-type': 'application/json' };
  const kinds: fc.Arbitrary<Case>[] = [];
  if (e.params.length) {
    kinds.push(
      fc
        .record({ name: fc.constantFrom(...e.params), value: badParam, noise, type: fc.option(oddContentType) })
        .map(({ name, value, noise, type }) => ({
          kind: `param ${name}=${JSON.stringify(value)}`,
          path: fillPath(world, e, { [name]: value }),
          headers: { ...noise, ...(writes ? { 'content-type': type ?? 'application/json' } : {}) },
          body: sample,
          mustFail: true,
        })),
    );
  }
  const queryArbs = e.query
    .map((q) => [q.name, badQuery(q.schema)] as const)
    .filter((q): q is [string, fc.Arbitrary<string>] => !!q[1]);
  if (queryArbs.length) {
    kinds.push(
      fc.record({ q: fc.constantFrom(...queryArbs), noise }).chain(({ q: [name, arb], noise }) =>
        arb.map((value) => ({
          kind: `query ${name}=${JSON.stringify(value)}`,
          path: fillPath(world, e),
          query: `${name}=${encodeURIComponent(value)}`,
          headers: noise,
          body: sample,
          mustFail: true,
        })),
      ),
    );
  }
  if (e.body && writes) {
    kinds.push(
      fc.record({ body: badBody(e.body), noise }).map(({ body, noise }) => ({
        kind: `body ${body.slice(0, 80)}`,
        path: fillPath(world, e),
        headers: { ...noise, ...json },
        body,
        mustFail: true,
      })),
    );
  }
  if (rule.access !== 'public') {
    // A forged or stale cookie instead of the caller's own.
    kinds.push(
      fc
        .record({ secret: fc.stringMatching(/^[\w-]{0,60}$/), name: fc.constantFrom('rs_session', 'rs_device'), noise })
        .map(({ secret, name, noise }) => ({
          kind: `cookie ${name}=${secret}`,
          path: fillPath(world, e),
          headers: { ...noise, ...(writes ? json : {}) },
          body: sample,
          cookie: `${name}=${secret}`,
          mustFail: true,
        })),
    );
  }
  if (writes && caller.cookie) {
    kinds.push(
      fc
        .record({ origin: fc.constantFrom('https://evil.example', 'null', 'http://localhost.evil.example', 'file://'), noise })
        .map(({ origin, noise }) => ({
          kind: `origin ${origin}`,
          path: fillPath(world, e),
          headers: { ...noise, ...json, origin },
          body: sample,
          mustFail: true,
        })),
    );
  }
  if (!writes) {
    kinds.push(
      fc.record({ noise }).map(({ noise }) => ({ kind: 'headers', path: fillPath(world, e), headers: noise, mustFail: false })),
    );
  }
  return fc.oneof(...kinds);
}

describe('fuzzing every public and staff endpoint', () => {
  let world: World;
  let endpoints: Endpoint[];
  beforeAll(async () => {
    world = await createWorld();
    endpoints = await listEndpoints(world.app);
  });

  it('finds the endpoints to fuzz', () => {
    expect(endpoints.length).toBeGreaterThan(20);
    expect(endpoints.filter((e) => !ruleFor(e)).map((e) => `${e.method} ${e.path}`)).toEqual([]);
  });

  it('answers malformed input with a 4xx and a code, never a 5xx, and writes nothing', { timeout: 240_000 }, async () => {
    const callers = {
      public: world.anonymous,
      staff: world.officer,
      supervisor: world.supervisor,
      admin: world.admin,
      kiosk: world.kiosk,
      pad: world.pad,
      leader: world.admin,
    } as const;
    const problems: string[] = [];
    for (const e of endpoints) {
      const rule = ruleFor(e);
      if (!rule) continue;
      const caller = callers[rule.access];
      const before = await snapshot(world.db);
      await fc
        .assert(
          fc.asyncProperty(cases(world, e, caller), async (c) => {
            const client = caller.fresh();
            client.cookie = c.cookie ?? caller.cookie;
            const res = await client.request(e.method, c.query ? `${c.path}?${c.query}` : c.path, c.body, c.headers);
            const code = res.body?.error?.code;
            const acceptable = c.mustFail
              ? res.status >= 400 && res.status < 500 && typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)
              : res.status < 400 || (res.status < 500 && typeof code === 'string');
            if (!acceptable) {
              throw new Error(`${e.method} ${e.path} [${c.kind}] -> ${res.status} ${JSON.stringify(res.body)?.slice(0, 200)}`);
            }
          }),
          { numRuns: RUNS },
        )
        .catch((err: Error & { cause?: Error }) => {
          const why = err.cause?.message ?? /\S+ \/api\/.* -> .*/.exec(err.message)?.[0];
          problems.push(why ?? err.message.slice(0, 400));
        });
      const after = await snapshot(world.db);
      if (JSON.stringify(after) !== JSON.stringify(before)) {
        const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
        problems.push(`${e.method} ${e.path}: rows changed in ${changed.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
