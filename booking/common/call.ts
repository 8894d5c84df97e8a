import { type Ok, unwrap } from '../../web/api';

/** unwrap() typed by the success body of a Hono RPC call (its responses are a union). */
export function call<R extends { json(): Promise<unknown> }>(p: Promise<R>): Promise<Ok<R>> {
  return unwrap(p as never) as Promise<Ok<R>>;
}
