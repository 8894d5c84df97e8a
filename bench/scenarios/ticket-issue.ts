// 1. Ticket issue: POST .../tickets at 32 connections (autocannon), as a signed-in officer,
// against the baseline's /tickets, 10 s each in alternating blocks. Leaves thousands of tickets
// waiting for the office's first service, which scenario 2 calls.
import autocannon from 'autocannon';
import { type Office, type Proc, QUICK } from '../harness';

/** Seconds of load per server in all. */
const SECONDS = QUICK ? 3 : 10;
/**
 * The product's and the baseline's blocks alternate, as scenario 2's calls do, so a slower
 * moment of the shared machine falls on both (one 10 s run of each in turn had moved the ratio
 * between 0.83 and 1.11 from one run to the next on 2026-12-04).
 */
const BLOCKS = QUICK ? 1 : 5;

export async function loadTest(url: string, path: string, headers: Record<string, string>, body: string, seconds = SECONDS) {
  const result = await autocannon({
    url: url + path,
    method: 'POST',
    connections: 32,
    duration: seconds,
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return {
    requestsPerSec: Math.round(result.requests.total / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    requests: result.requests.total,
    seconds: result.duration,
  };
}

type Load = Awaited<ReturnType<typeof loadTest>>;

/** Blocks of one server as one: throughput over all of them; p50 and p99, the blocks' medians. */
function merge(blocks: Load[]) {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const requests = blocks.reduce((n, b) => n + b.requests, 0);
  return {
    requestsPerSec: Math.round(requests / blocks.reduce((s, b) => s + b.seconds, 0)),
    p50Ms: median(blocks.map((b) => b.p50Ms)),
    p99Ms: median(blocks.map((b) => b.p99Ms)),
    non2xx: blocks.reduce((n, b) => n + b.non2xx, 0),
    errors: blocks.reduce((n, b) => n + b.errors, 0),
  };
}

export async function ticketIssue(ctx: { product: Proc; baseline: Proc; office: Office; cookie: string }) {
  const { product, baseline, office, cookie } = ctx;
  const serviceId = office.services[0]!.id;
  const productBlocks: Load[] = [];
  const baseBlocks: Load[] = [];
  for (let i = 0; i < BLOCKS; i++) {
    productBlocks.push(
      await loadTest(
        product.url,
        `/api/offices/${office.id}/tickets`,
        { cookie, origin: product.url },
        JSON.stringify({ serviceId }),
        SECONDS / BLOCKS,
      ),
    );
    // The baseline has one line; it reads the body and ignores it.
    baseBlocks.push(await loadTest(baseline.url, '/tickets', {}, '{"serviceId":1}', SECONDS / BLOCKS));
  }
  return { product: merge(productBlocks), baseline: merge(baseBlocks) };
}
