// 1. Ticket issue: POST .../tickets at 32 connections for 10 s (autocannon), as a signed-in
// officer, against the baseline's /tickets. Leaves thousands of tickets waiting for the office's
// first service, which scenario 2 calls.
import autocannon from 'autocannon';
import { type Office, type Proc, QUICK } from '../harness';

export async function loadTest(url: string, path: string, headers: Record<string, string>, body: string) {
  const result = await autocannon({
    url: url + path,
    method: 'POST',
    connections: 32,
    duration: QUICK ? 3 : 10,
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return {
    requestsPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export async function ticketIssue(ctx: { product: Proc; baseline: Proc; office: Office; cookie: string }) {
  const { product, baseline, office, cookie } = ctx;
  const serviceId = office.services[0]!.id;
  return {
    product: await loadTest(
      product.url,
      `/api/offices/${office.id}/tickets`,
      { cookie, origin: product.url },
      JSON.stringify({ serviceId }),
    ),
    // The baseline has one line; it reads the body and ignores it.
    baseline: await loadTest(baseline.url, '/tickets', {}, '{"serviceId":1}'),
  };
}
