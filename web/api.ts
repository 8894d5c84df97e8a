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

/** Awaits an RPC call and returns its JSON, or throws ApiError with the server's code/message. */
export async function unwrap<T>(call: Promise<{ ok: boolean; status: number; json(): Promise<T> }>): Promise<T> {
  let res: Awaited<typeof call>;
  try {
    res = await call;
  } catch {
    throw new ApiError(0, 'NETWORK', currentLang() === 'en' ? 'No connection to the server.' : 'Mất kết nối tới máy chủ.');
  }
  if (res.ok) return res.json();
  let body: { error?: { code?: string; message?: string } } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    /* not JSON */
  }
  const { code = 'HTTP_' + res.status, message = `HTTP ${res.status}`, ...details } = body.error ?? {};
  throw new ApiError(res.status, code, message, details);
}

/** Success payload type of an RPC endpoint call, for components' props. */
export type Ok<T> = T extends { json(): Promise<infer J> } ? Exclude<J, { error: unknown }> : never;
