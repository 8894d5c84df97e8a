// Part of `npm start` and of the tests' global setup: builds what is missing or older than its
// sources. The front-ends with Vite (into dist/), the server with esbuild (into
// dist-server/main.mjs: one plain-JS file, so production runs no TypeScript loader; about 45 MB
// less memory and a faster start than running server/main.ts through tsx).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
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
  // import.meta.url (../dist, ../db/migrations) hold in both. A dynamic import() stays one
  // (splitting): the backend not in use (db/postgres.ts and the pg driver for a SQLite office)
  // is a chunk of its own, never loaded, instead of a static import at the top of one file.
  const outdir = join(root, 'dist-server');
  const { metafile } = await build({
    entryPoints: { main: join(root, 'server', 'main.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    absWorkingDir: root,
    logLevel: 'warning',
  });
  // Chunks of earlier builds (their names carry a hash of their content) are removed.
  const made = new Set(Object.keys(metafile.outputs).map((f) => join(root, f)));
  for (const name of readdirSync(outdir)) if (!made.has(join(outdir, name))) rmSync(join(outdir, name));
}
