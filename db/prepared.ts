// Queries on the hot paths (issue a ticket, book, identify the caller) are written once with
// placeholders and then only executed. On SQLite building a drizzle query (its entity checks
// and SQL assembly) cost more than running it, so the built statement is kept per connection
// (a database and every transaction on it share one drizzle session). On PostgreSQL the query
// is a named prepared statement, parsed and planned once per connection by the server.
import { sql } from 'drizzle-orm';
import type { Db } from './store';
import { isPostgres } from './store';

type Params = Record<string, unknown>;

interface Executable {
  all(params?: Params): unknown;
  get(params?: Params): unknown;
  run(params?: Params): unknown;
  execute(params?: Params): Promise<unknown>;
}

export interface Prepared<Q> {
  all(params?: Params): Promise<Rows<Q>>;
  get(params?: Params): Promise<Rows<Q> extends readonly (infer R)[] ? R | undefined : never>;
  run(params?: Params): Promise<unknown>;
}

/** What awaiting the query gives: its rows for a select or a returning write. */
type Rows<Q> = Awaited<Q>;

const sessionOf = (handle: Db) => (handle as unknown as { session: object }).session;
let statements = 0;

/**
 * `build` returns the query (with `sql.placeholder('name')` for its values), without calling
 * `.prepare()`; run it with `all`, `get` (first row) or `run`.
 */
export function prepared<Q>(build: (db: Db) => Q): (handle: Db) => Prepared<Q> {
  const name = `prepared_${++statements}`;
  const perSession = new WeakMap<object, Prepared<Q>>();
  const wrap = (q: { all(p?: Params): unknown; get(p?: Params): unknown; run(p?: Params): unknown }) =>
    ({
      all: async (params?: Params) => q.all(params),
      get: async (params?: Params) => q.get(params),
      run: async (params?: Params) => q.run(params),
    }) as unknown as Prepared<Q>;
  return (handle: Db): Prepared<Q> => {
    if (isPostgres()) {
      const q = (build(handle) as unknown as { prepare(name: string): Executable }).prepare(name);
      return wrap({
        all: (params) => q.execute(params),
        get: async (params) => ((await q.execute(params)) as unknown[])[0],
        run: (params) => q.execute(params),
      });
    }
    const session = sessionOf(handle);
    const cached = perSession.get(session);
    if (cached) return cached;
    const p = wrap((build(handle) as unknown as { prepare(): Executable }).prepare());
    perSession.set(session, p);
    return p;
  };
}

/**
 * A family of prepared queries whose shape depends on a small, code-chosen key (the columns a
 * write sets, the rows an insert adds): each key is built once, like `prepared`. The key must
 * never come from input, so the family stays small.
 */
export function preparedByShape<Q>(build: (db: Db, shape: string) => Q): (handle: Db, shape: string) => Prepared<Q> {
  const shapes = new Map<string, (handle: Db) => Prepared<Q>>();
  return (handle, shape) => {
    let p = shapes.get(shape);
    if (!p) {
      p = prepared((db) => build(db, shape));
      shapes.set(shape, p);
    }
    return p(handle);
  };
}

/** Placeholders named after the keys of `shape` ("a,b,c"), for a prepared write's `set` or `values`. */
export function placeholders(shape: string, suffix = ''): Record<string, ReturnType<typeof sql.placeholder>> {
  return Object.fromEntries(shape.split(',').map((k) => [k, sql.placeholder(k + suffix)]));
}
