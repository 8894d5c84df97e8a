// Preloaded into the measured server process (node --import): answers the benchmark's IPC
// questions with the event-loop delay histogram and memory use, so the numbers come from
// inside the server without any code in the product for it. Plain JS, so the measured process
// loads no TypeScript loader (which would add its own memory and a worker thread).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();

process.on('message', (m) => {
  if (m?.type !== 'probe') return;
  const ms = (ns) => Math.round((ns / 1e6) * 100) / 100;
  // Twice: objects with finalizers (sockets, buffers) are freed by the second pass.
  if (global.gc) {
    global.gc();
    global.gc();
  }
  // `heapSnapshot`: a path to write a V8 heap snapshot to (open it in Chrome DevTools, Memory tab).
  if (typeof m.heapSnapshot === 'string') writeHeapSnapshot(m.heapSnapshot);
  const mem = process.memoryUsage();
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
  });
  if (m.reset) histogram.reset();
});
