// Queries on the hot paths (issue a ticket, book, identify the caller) are built once per
// database with placeholders and then only executed: building a drizzle query (its entity
// checks and SQL assembly) cost more than running it. A database and every transaction on it
// share one drizzle session, so one prepared query serves them all.
import type { Db, Tx } from './client';

type Handle = Db | Tx;

const sessionOf = (handle: Handle) => (handle as unknown as { session: object }).session;

/**
 * `build` runs once per database, on the first handle used; the result is reused after that.
 * Use `sql.placeholder('name')` for the values and `.prepare()` at the end.
 */
export function prepared<Q>(build: (handle: Handle) => Q): (handle: Handle) => Q {
  const perSession = new WeakMap<object, Q>();
  return (handle) => {
    const session = sessionOf(handle);
    let query = perSession.get(session);
    if (query === undefined) {
      query = build(handle);
      perSession.set(session, query);
    }
    return query;
  };
}
