// Builds the resident app (booking/) alone, into its own folder, for the booking browser tests
// and the /book size budget: independent of the other apps' work in progress and of concurrent
// rebuilds of dist/. Built once per source state and shared by the test files (rename is atomic).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const sources = ['booking', 'web', 'package-lock.json'];

function stamp(path: string, hash = createHash('sha1')): ReturnType<typeof createHash> {
  const st = statSync(path);
  hash.update(`${path}:${st.mtimeMs}:${st.size}\n`);
  if (st.isDirectory()) for (const name of readdirSync(path).sort()) stamp(join(path, name), hash);
  return hash;
}

/** The folder holding booking/index.html, assets/ and audio/ as the server serves them. */
export async function bookingDist(): Promise<string> {
  const hash = createHash('sha1');
  for (const s of sources) stamp(join(root, s), hash);
  const base = join(root, 'test-results', 'booking-dist');
  const target = join(base, hash.digest('hex').slice(0, 12));
  if (existsSync(join(target, 'booking', 'index.html'))) return target;
  mkdirSync(base, { recursive: true });
  const temp = `${target}.tmp-${process.pid}`;
  const { build } = await import('vite');
  const { default: solid } = await import('vite-plugin-solid');
  await build({
    configFile: false,
    root,
    publicDir: join(root, 'web/public'),
    mode: 'production',
    logLevel: 'warn',
    plugins: [solid()],
    build: {
      outDir: temp,
      emptyOutDir: true,
      target: 'es2020',
      rollupOptions: { input: { booking: join(root, 'booking/index.html') } },
    },
  });
  try {
    renameSync(temp, target);
  } catch {
    // Another test file built the same sources first: use theirs.
    rmSync(temp, { recursive: true, force: true });
  }
  return target;
}
