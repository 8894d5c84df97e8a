// For running the booking server tests alone while the front-ends are being built by others:
// the same settings as the root config, without the global front-end build (they
// need no built pages). `npx vitest run -c tests/booking/vitest.config.ts`
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['tests/booking/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
