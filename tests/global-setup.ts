// Browser tests need the built front-ends: build them once when missing or stale.
import { spawnSync } from 'node:child_process';

export default function setup() {
  const r = spawnSync(process.execPath, ['scripts/build-if-stale.mjs'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('front-end build failed');
}
