// For running the display's tests alone while other apps are mid-edit: the same settings as
// vitest.config.ts without the global front-end build (the browser test builds the display
// app by itself). Usage: npx vitest run --config tests/display/local.vitest.config.ts
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: new URL('../..', import.meta.url).pathname,
  test: {
    include: ['tests/display/**/*.test.ts', 'tests/browser/display.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
