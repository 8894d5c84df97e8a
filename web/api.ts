// The front-ends' API client: Hono RPC over the server's own route types, so a changed field
// breaks the build, not the lobby TV. Errors come back as ApiError with the contract's code.
import { hc } from 'hono/client';
import { createSignal } from 'solid-js';
import type { ApiType } from '../server/app';

const [offlineCopy, setOfflineCopy] = createSignal<string | null>(null);

/**
 * When the latest answer came from the copy the phone saved (the resident side's service worker,
 * web/public/sw.js, answering while the network is gone): the instant it was saved ('' if
 * unknown); null while answers come from the server.
 */
export { offlineCopy };

/** Notes whether an answer is the phone's saved copy; every fetch of the pages goes through it. */
export function noteAnswer(res: Response): Response {
  const saved = res.headers.get('x-sw-offline');
  if (saved !== null) setOfflineCopy(saved);
  else if (res.ok) setOfflineCopy(null);
  return res;
}

export const api = hc<ApiType>('/api', {
  init: { credentials: 'same-origin' },
  headers: () => ({ 'accept-language': currentLang() }),
  fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init).then(noteAnswer),
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
