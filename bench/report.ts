// The benchmark's report: every figure into bench/results/latest.json, and the Markdown table
// README's "Benchmarks" shows (product, baseline, their ratio, the target; targets are reported,
// never asserted).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CityPagesBench } from './city-pages';
import type { CounterStateBench } from './counter-state';
import { root } from './harness';
import type { PhoneBench } from './phone';
import type { bookingRushes } from './scenarios/booking-rush';
import type { callToDisplays } from './scenarios/call-to-displays';
import type { cityScenarios } from './scenarios/city';
import type { cityRush } from './scenarios/city-rush';
import type { memory } from './scenarios/memory';
import type { ticketIssue } from './scenarios/ticket-issue';

type Cell = string | number | null | undefined;

/** Every figure of a run, as bench/results/latest.json holds it. */
export type Results = { date: string; quick: boolean; node: string } & {
  ticketIssue: Awaited<ReturnType<typeof ticketIssue>>;
} & Awaited<ReturnType<typeof callToDisplays>> &
  Awaited<ReturnType<typeof bookingRushes>> & {
    memory: Awaited<ReturnType<typeof memory>>;
    counterState: Omit<CounterStateBench, 'markdown'>;
    city: Awaited<ReturnType<typeof cityScenarios>>;
    cityRush: Awaited<ReturnType<typeof cityRush>>;
    cityPages: CityPagesBench;
    phone: PhoneBench;
  };

export function writeResults(results: Results): void {
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
}

const ratio = (a: number | null, b: number | null) => (a && b ? `${(a / b).toFixed(2)}×` : 'n/a');

export function table(r: Results): string {
  const ti = r.ticketIssue;
  const cd = r.callToDisplays;
  const br = r.bookingRush;
  const bb = r.bookingRushBaseline;
  const rows: Cell[][] = [
    ['scenario', 'product', 'baseline', 'ratio', 'target'],
    [
      '1. ticket issue, req/s (32 conn)',
      ti.product.requestsPerSec,
      ti.baseline.requestsPerSec,
      ratio(ti.product.requestsPerSec, ti.baseline.requestsPerSec),
      '≥ 0.60× baseline',
    ],
    [
      '1. ticket issue p50 / p99 ms',
      `${ti.product.p50Ms} / ${ti.product.p99Ms}`,
      `${ti.baseline.p50Ms} / ${ti.baseline.p99Ms}`,
      '',
      '',
    ],
    ...r.callToDisplaysBySize
      .filter((size) => size.displays !== cd.displays)
      .map((size): Cell[] => [
        `2. call → all ${size.displays} displays p50 / p99 ms`,
        `${size.product.allDisplaysP50Ms} / ${size.product.allDisplaysP99Ms}`,
        `${size.baseline.allDisplaysP50Ms} / ${size.baseline.allDisplaysP99Ms}`,
        ratio(size.product.allDisplaysP50Ms, size.baseline.allDisplaysP50Ms),
        size.displays === 300 ? 'p50 ≤ 1.25× baseline' : '',
      ]),
    [
      `2. call → all ${cd.displays} displays p50 ms`,
      cd.product.allDisplaysP50Ms,
      cd.baseline.allDisplaysP50Ms,
      ratio(cd.product.allDisplaysP50Ms, cd.baseline.allDisplaysP50Ms),
      '≤ 1.7× baseline',
    ],
    [
      `2. call → the first of ${cd.displays} displays p50 ms (the server's part)`,
      cd.product.firstDisplayP50Ms,
      cd.baseline.firstDisplayP50Ms,
      ratio(cd.product.firstDisplayP50Ms, cd.baseline.firstDisplayP50Ms),
      '',
    ],
    ['2. call → all displays p99 ms', cd.product.allDisplaysP99Ms, cd.baseline.allDisplaysP99Ms, '', '≤ 100 ms'],
    [
      '2. reach; deliveries late (after 2 s) / lost (not in 5 s more)',
      `${cd.product.reach}; ${cd.product.late} / ${cd.product.lost}`,
      `${cd.baseline.reach}; ${cd.baseline.late} / ${cd.baseline.lost}`,
      '',
      '100%, none lost',
    ],
    [
      '3. booking rush, req/s',
      'skipped' in br ? br.skipped : br.requestsPerSec,
      'skipped' in bb ? bb.skipped : bb.requestsPerSec,
      'skipped' in br || 'skipped' in bb ? 'n/a' : ratio(br.requestsPerSec, bb.requestsPerSec),
      '',
    ],
    [
      '3. booking rush p50 / p99 ms',
      'skipped' in br ? br.skipped : `${br.p50Ms} / ${br.p99Ms}`,
      'skipped' in bb ? bb.skipped : `${bb.p50Ms} / ${bb.p99Ms}`,
      '',
      'p99 ≤ 300 ms',
    ],
    ['3. booking correctness', correctness(br), correctness(bb), '', 'exactly 80'],
    ...memoryRows(r.memory),
    [
      '5. event-loop delay p99 under 2., ms',
      r.eventLoopUnderCalls.product.p99Ms,
      r.eventLoopUnderCalls.baseline.p99Ms,
      ratio(r.eventLoopUnderCalls.product.p99Ms, r.eventLoopUnderCalls.baseline.p99Ms),
      '',
    ],
    ...counterStateRows(r.counterState),
    ...cityRows(r),
    ...cityRushRows(r.cityRush),
    ...cityPagesRows(r.cityPages),
    ...phoneRows(r.phone),
  ];
  return markdown(rows);
}

const markdown = (rows: Cell[][]) =>
  rows.map((row, i) => `| ${row.join(' | ')} |${i === 0 ? `\n|${' --- |'.repeat(row.length)}` : ''}`).join('\n');

/** Scenario 4 alone (`npm run bench -- memory`). */
export const memoryTable = (m: Results['memory']) =>
  markdown([['scenario', 'product', 'baseline', 'ratio', 'target'], ...memoryRows(m)]);

/** Scenario 4 (bench/scenarios/memory.ts): sockets at once, then a day's phones coming and going. */
function memoryRows(m: Results['memory']): Cell[][] {
  const p = m.product;
  const b = m.baseline;
  return [
    [
      `4. RSS with ${p.sockets} sockets (${p.displays} displays, ${p.phones} phones), MB`,
      p.rssAfterMb,
      b.rssAfterMb,
      ratio(p.rssAfterMb, b.rssAfterMb),
      '< 150 MB',
    ],
    [
      '4. the same sockets 20 s on: RSS MB, V8 heap committed MB',
      `${p.rssSettledMb}, ${p.settledWhere.v8HeapMb}`,
      '',
      '',
      '< 150 MB',
    ],
    [
      '4. RSS idle MB / per connection KB',
      `${p.rssBeforeMb} / ${p.perConnectionKb}`,
      `${b.rssBeforeMb} / ${b.perConnectionKb}`,
      '',
      '',
    ],
    [
      '4. heap used idle / with the sockets MB (after GC)',
      `${p.heapBeforeMb} / ${p.heapAfterMb}`,
      `- / ${b.heapAfterMb}`,
      '',
      '',
    ],
    [
      `4. a day's ${p.day.phones} phones in ${p.day.waves} waves: RSS before / with a wave (max) / after MB`,
      `${p.day.rssBeforeMb} / ${p.day.rssWithWaveMaxMb} / ${p.day.rssAfterMb}`,
      '',
      '',
      'no growth',
    ],
    ['4. RSS after each wave left MB', p.day.afterEachWave.map((w) => Math.round(w.rssMb)).join(' '), '', '', ''],
    [
      "4. the day's heap used before / after MB (after GC), growth KB",
      `${p.day.heapBeforeMb} / ${p.day.heapAfterMb}, ${p.day.heapGrowthKb}`,
      '',
      '',
      'no growth',
    ],
    [
      '4. with the sockets: V8 heap (young gen.) / malloc main / other anon. / files MB',
      `${p.where.v8HeapMb} (${p.where.youngGenerationMb}) / ${p.where.mallocMainMb} / ${p.where.otherAnonymousMb} / ${p.where.fileBackedMb}`,
      '',
      '',
      '',
    ],
  ];
}

type Rush = Results['bookingRush'];
const correctness = (rush: Rush) =>
  'skipped' in rush ? 'skipped' : rush.correct ? 'exactly 80 booked, rest 409' : `WRONG ${JSON.stringify(rush.statuses)}`;

/** Scenario 6 (bench/counter-state.ts): the terminal's read, in process; it has no baseline. */
function counterStateRows(cs: Results['counterState']): Cell[][] {
  return [
    [`6. counterState, ${cs.waiting} waiting: statements per call`, cs.statementsPerCall, '', '', ''],
    ['6. counterState p50 / p99 ms', `${cs.ms.p50} / ${cs.ms.p99}`, '', '', ''],
    ...cs.perQueueEvent.map((p): Cell[] => [
      `6. per queue snapshot, refetch on ${p.policy}: refetches / statements`,
      `${p.refetches} / ${p.statements}`,
      '',
      '',
      '',
    ]),
  ];
}

/** Scenario 9 (bench/phone.ts): the resident's pages on an emulated cheap phone (Fast 3G, CPU 4x slower). */
function phoneRows(p: PhoneBench): Cell[][] {
  return [
    [
      `9. phone: /book first choices tappable, p50 / max ms (${p.runs} cold runs)`,
      `${p.bookChoicesMs.p50} / ${p.bookChoicesMs.max}`,
      '',
      '',
      '≤ 2000 ms',
    ],
    ['9. phone: /book through to the details form, p50 / max ms', `${p.bookDetailsMs.p50} / ${p.bookDetailsMs.max}`, '', '', ''],
    ['9. phone: /t/<token> number shown, p50 / max ms', `${p.ticketNumberMs.p50} / ${p.ticketNumberMs.max}`, '', '', '≤ 2000 ms'],
    [
      '9. phone: JavaScript over the wire, /book / /t/<token> KB',
      `${(p.bookJsBytes / 1024).toFixed(1)} / ${(p.ticketJsBytes / 1024).toFixed(1)}`,
      '',
      '',
      '≤ 40 KB',
    ],
  ];
}

/** Scenario 8 (bench/city-pages.ts): the city's pages from the daily rows and kept counts. */
function cityPagesRows(c: CityPagesBench): Cell[][] {
  return [
    [
      `8. GET /api/city, ${c.centres} centres, ${c.tickets} tickets today: p50 / p99 ms`,
      `${c.city.p50Ms} / ${c.city.p99Ms}`,
      '',
      '',
      'p99 ≤ 50 ms',
    ],
    [
      `8. leaders' comparison of a month (${c.compareMonth.rows} centres): p50 / p99 ms`,
      `${c.compareMonth.p50Ms} / ${c.compareMonth.p99Ms}`,
      '',
      '',
      '≤ 1000 ms',
    ],
    [
      '8. open data, a month of every centre (JSON): p50 / p99 ms',
      `${c.openDataMonth.p50Ms} / ${c.openDataMonth.p99Ms}`,
      '',
      '',
      '',
    ],
  ];
}

/** Scenario 7b (bench/scenarios/city-rush.ts): the national rush, open loop, through the city. */
function cityRushRows(c: Results['cityRush']): Cell[][] {
  if ('skipped' in c) return [['7b. city rush', c.skipped, '', '', '']];
  return (['popular', 'month'] as const).flatMap((v) => {
    const x = c[v];
    if (!x) return [];
    const what =
      v === 'popular'
        ? `7b. city rush (a) one day's ${x.slots} slots of ${x.capacity / x.slots}`
        : `7b. city rush (b) a month's ${x.slots} slots, ${x.capacity} places`;
    const statuses = Object.entries(x.statuses)
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ');
    return [
      [
        `${what}: ${x.attempts} attempts at ${x.ratePerSec}/s from ${x.residents} residents, p50 / p99 / max ms`,
        `${x.p50Ms} / ${x.p99Ms} / ${x.maxMs}`,
        '',
        '',
        'p99 ≤ 1000 ms',
      ],
      [
        `7b. (${v}) answers; booked / capacity`,
        `${statuses}; ${x.booked} / ${x.capacity}`,
        '',
        '',
        'only 201/409/429, exactly the capacity',
      ],
      [
        `7b. (${v}) RSS of the 2 processes before / peak / after, MB`,
        x.rssMb.before.map((b, k) => `${b} / ${x.rssMb.peak[k]} / ${x.rssMb.after[k]}`).join('; '),
        '',
        '',
        'flat',
      ],
      [
        `7b. (${v}) CPU s: processes, HAProxy, Redis, PostgreSQL, load generator (machine busy)`,
        `${x.cpuSeconds.apps.join(' + ')}, ${x.cpuSeconds.haproxy}, ${x.cpuSeconds.redis}, ${x.cpuSeconds.postgres}, ${x.cpuSeconds.generator} (${Math.round(x.cpuSeconds.machineBusyShare * 100)}%)`,
        '',
        '',
        '',
      ],
      [
        `7b. (${v}) CPU µs per attempt: processes, HAProxy, Redis, PostgreSQL, generator = total; attempts/s those costs fill the cores with`,
        (() => {
          const u = x.cpuPerAttemptUs;
          return `${u.processes}, ${u.haproxy}, ${u.redis}, ${u.postgres}, ${u.generator} = ${u.total}; ${u.ceilingPerSec}/s`;
        })(),
        '',
        '',
        `≥ ${x.ratePerSec}/s`,
      ],
    ];
  });
}

/** Scenario 7 (bench/scenarios/city.ts): the city beside the single SQLite process. */
function cityRows(r: Results): Cell[][] {
  const c = r.city;
  if ('skipped' in c) return [['7. city', c.skipped, '', '', '']];
  const single = r.ticketIssue.product;
  const br = c.bookingRush;
  return [
    [
      `7. city (${c.processes} processes, PostgreSQL, HAProxy) ticket issue req/s (32 conn), vs one SQLite process`,
      c.ticketIssue.requestsPerSec,
      single.requestsPerSec,
      ratio(c.ticketIssue.requestsPerSec, single.requestsPerSec),
      '≥ 0.50× one process',
    ],
    [
      '7. city ticket issue p50 / p99 ms',
      `${c.ticketIssue.p50Ms} / ${c.ticketIssue.p99Ms}`,
      `${single.p50Ms} / ${single.p99Ms}`,
      '',
      '',
    ],
    ['7. city booking rush p50 / p99 ms', 'skipped' in br ? br.skipped : `${br.p50Ms} / ${br.p99Ms}`, '', '', 'p99 ≤ 300 ms'],
    ['7. city booking correctness', correctness(br), '', '', 'exactly 80'],
    [
      `7. city call → all ${c.callToDisplays.displays} displays over 2 processes p50 / p99 ms`,
      `${c.callToDisplays.allDisplaysP50Ms} / ${c.callToDisplays.allDisplaysP99Ms}`,
      '',
      '',
      'p99 ≤ 150 ms',
    ],
    [
      '7. city reach; deliveries late (after 2 s) / lost (not in 5 s more)',
      `${c.callToDisplays.reach}; ${c.callToDisplays.late} / ${c.callToDisplays.lost}`,
      '',
      '',
      '100%, none lost',
    ],
  ];
}
