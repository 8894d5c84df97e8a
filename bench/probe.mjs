// Preloaded into the measured server process (node --import): answers the benchmark's IPC
// questions with the event-loop delay histogram and memory use, so the numbers come from
// inside the server without any code in the product for it. Plain JS, so the measured process
// loads no TypeScript loader (which would add its own memory and a worker thread).
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();

process.on('message', (m) => {
  if (m?.type !== 'probe') return;
  const ms = (ns) => Math.round((ns / 1e6) * 100) / 100;
  if (global.gc) global.gc();
  const mem = process.memoryUsage();
  process.send?.({
    type: 'probe',
    loopP50: ms(histogram.percentile(50)),
    loopP99: ms(histogram.percentile(99)),
    loopMax: ms(histogram.max),
    rss: mem.rss,
    heapUsed: mem.heapUsed,
  });
  if (m.reset) histogram.reset();
});
