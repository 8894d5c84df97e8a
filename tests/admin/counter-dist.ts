// Builds the counter app (which holds the admin screens) alone, into its own folder, for the
// admin browser test: independent of other apps' work in progress and of concurrent rebuilds
// of dist/. Built once per source state (the rename is atomic).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const sources = ['counter', 'web', 'package-lock.json'];

function stamp(path: string, hash: ReturnType<typeof createHash>): void {
  const st = statSync(path);
  hash.update(`${path}:${st.mtimeMs}:${st.size}\n`);
  if (st.isDirectory()) for (const name of readdirSync(path).sort()) stamp(join(path, name), hash);
}

/** The folder holding counter/index.html and assets/ as the server serves them. */
export async function counterDist(): Promise<string> {
  const hash = createHash('sha1');
  for (const s of sources) stamp(join(root, s), hash);
  const base = join(root, 'test-results', 'admin-dist');
  const target = join(base, hash.digest('hex').slice(0, 12));
  if (existsSync(join(target, 'counter', 'index.html'))) return target;
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
      rollupOptions: { input: { counter: join(root, 'counter/index.html') } },
    },
  });
  try {
    renameSync(temp, target);
  } catch {
    rmSync(temp, { recursive: true, force: true });
  }
  return target;
}
