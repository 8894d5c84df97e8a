// The front-ends' API client: Hono RPC over the server's own route types, so a changed field
// breaks the build, not the lobby TV. Errors come back as ApiError with the contract's code.
import { hc } from 'hono/client';
import type { ApiType } from '../server/app';

export const api = hc<ApiType>('/api', {
  init: { credentials: 'same-origin' },
  headers: () => ({ 'accept-language': currentLang() }),
});

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

function currentLang(): string {
  return typeof document !== 'undefined' && document.documentElement.lang === 'en' ? 'en' : 'vi';
}

type RpcResponse = { ok: boolean; status: number; json(): Promise<unknown> };

/**
 * Awaits an RPC call and returns its success body (typed from the route: an endpoint's response
 * type is a union with its error bodies), or throws ApiError with the server's code and message.
 */
export async function unwrap<R extends RpcResponse>(call: Promise<R>): Promise<Ok<R>> {
  let res: RpcResponse;
  try {
    res = await call;
  } catch {
    throw new ApiError(0, 'NETWORK', currentLang() === 'en' ? 'No connection to the server.' : 'Mất kết nối tới máy chủ.');
  }
  if (res.ok) return (await res.json()) as Ok<R>;
  let body: { error?: { code?: string; message?: string } } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    /* not JSON */
  }
  const { code = `HTTP_${res.status}`, message = `HTTP ${res.status}`, ...details } = body.error ?? {};
  throw new ApiError(res.status, code, message, details);
}

/** Success payload type of an RPC endpoint call, for components' props. */
export type Ok<T> = T extends { json(): Promise<infer J> } ? Exclude<J, { error: unknown }> : never;
