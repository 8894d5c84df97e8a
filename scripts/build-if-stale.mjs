// Part of `npm start` and of the tests' global setup: builds what is missing or older than its
// sources. The front-ends with Vite (into dist/), the server with esbuild (into
// dist-server/main.mjs: one plain-JS file, so production runs no TypeScript loader; about 45 MB
// less memory and a faster start than running server/main.ts through tsx).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules') continue;
    max = Math.max(max, newest(join(path, name)));
  }
  return max;
}

const stale = (output, sources) => {
  const builtAt = existsSync(output) ? statSync(output).mtimeMs : 0;
  return !builtAt || Math.max(...sources.map((s) => newest(join(root, s)))) > builtAt;
};

if (stale(join(root, 'dist', '.built'), ['display', 'counter', 'booking', 'web', 'vite.config.ts', 'package-lock.json'])) {
  console.log('Building the front-ends (npm run build)…');
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const serverBundle = join(root, 'dist-server', 'main.mjs');
if (stale(serverBundle, ['server', 'db', 'package-lock.json', 'scripts/build-if-stale.mjs'])) {
  console.log('Building the server (esbuild)…');
  // Packages stay external (node_modules at run time, better-sqlite3 is native). The bundle
  // sits one folder below the root, like server/ and db/, so the paths they resolve from
  // import.meta.url (../dist, ../db/migrations) hold in both.
  await build({
    entryPoints: [join(root, 'server', 'main.ts')],
    outfile: serverBundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}
