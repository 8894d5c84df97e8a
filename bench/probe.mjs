// Preloaded into the measured server process (node --import): answers the benchmark's IPC
// questions with the event-loop delay histogram and memory use, so the numbers come from
// inside the server without any code in the product for it. Plain JS, so the measured process
// loads no TypeScript loader (which would add its own memory and a worker thread).
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
// Time in garbage collection (pauses of the main thread), since the last reset.
let gcMs = 0;
let gcCount = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcMs += e.duration;
    gcCount++;
  }
}).observe({ entryTypes: ['gc'] });

process.on('message', async (m) => {
  if (m?.type !== 'probe') return;
  const ms = (ns) => Math.round((ns / 1e6) * 100) / 100;
  // Twice: objects with finalizers (sockets, buffers) are freed by the second pass. Then a
  // second for V8's background threads to hand the freed pages back (read at once, the RSS
  // still counts them: up to 40 MB more with 2,000 sockets).
  if (global.gc) {
    global.gc();
    global.gc();
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  // `heapSnapshot`: a path to write a V8 heap snapshot to (open it in Chrome DevTools, Memory tab).
  if (typeof m.heapSnapshot === 'string') writeHeapSnapshot(m.heapSnapshot);
  const mem = process.memoryUsage();
  // Where the RSS is: V8's heap spaces as committed in memory, and (Linux) the process's
  // anonymous memory (heap, malloc) against the file-backed rest (node's own code, libraries).
  const spaces = getHeapSpaceStatistics();
  const heapSpaces = Object.fromEntries(spaces.map((s) => [s.space_name, s.physical_space_size]));
  const heapSpacesUsed = Object.fromEntries(spaces.map((s) => [s.space_name, s.space_used_size]));
  let anonymous;
  let mallocHeap;
  try {
    const kb = /^Anonymous:\s+(\d+) kB/m.exec(readFileSync('/proc/self/smaps_rollup', 'utf8'))?.[1];
    anonymous = kb ? Number(kb) * 1024 : undefined;
    // The main thread's malloc arena (the [heap] mapping): native memory of sockets, SQLite...
    const heap = /\[heap\]\n(?:.*\n)*?Rss:\s+(\d+) kB/.exec(readFileSync('/proc/self/smaps', 'utf8'))?.[1];
    mallocHeap = heap ? Number(heap) * 1024 : undefined;
  } catch {
    /* not Linux */
  }
  process.send?.({
    type: 'probe',
    loopP50: ms(histogram.percentile(50)),
    loopP99: ms(histogram.percentile(99)),
    loopMax: ms(histogram.max),
    rss: mem.rss,
    heapUsed: mem.heapUsed,
    heapTotal: mem.heapTotal,
    external: mem.external,
    arrayBuffers: mem.arrayBuffers,
    heapSpaces,
    heapSpacesUsed,
    anonymous,
    mallocHeap,
    gcMs: Math.round(gcMs),
    gcCount,
  });
  if (m.reset) {
    histogram.reset();
    gcMs = 0;
    gcCount = 0;
  }
});
