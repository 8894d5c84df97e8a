import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Two projects run the same tests on the two backends: sqlite (everything) and postgres (every
// test of the server's behaviour; the browser screens and the SQLite-only mechanics stay on
// sqlite); a third, city, runs real processes behind HAProxy. `npm test` runs all three;
// `npx vitest --project sqlite` runs one.
const sqliteOnly = [
  'tests/browser/**',
  'tests/web/**',
  'tests/display/**',
  'tests/architecture/**',
  'tests/core/group-commit.test.ts',
  'tests/core/migrations.test.ts',
  'tests/core/query-plan.test.ts',
  'tests/core/write-pages.test.ts',
  'tests/reliability/storage.test.ts',
];

const shared = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
  pool: 'forks' as const,
};

export default defineConfig({
  test: {
    // Vitest's default is one file at a time on two cores (cores - 1), but most files wait on
    // PostgreSQL, fsync, Chromium or timers: two at a time took the suite from 942 s to 632 s
    // on a 2-core machine, every test passing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ['tests/global-setup.ts'],
    outputFile: { junit: 'test-results/junit.xml' },
    projects: [
      {
        test: {
          ...shared,
          name: 'sqlite',
          include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
          exclude: ['**/node_modules/**', 'bench/**', 'tests/city/**'],
          env: { TEST_BACKEND: 'sqlite' },
        },
      },
      {
        test: {
          ...shared,
          name: 'postgres',
          include: ['tests/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'bench/**', 'tests/city/**', ...sqliteOnly],
          env: { TEST_BACKEND: 'postgres' },
          globalSetup: ['tests/pg-template.ts'],
          setupFiles: ['tests/pg-one-query.ts'],
        },
      },
      {
        // Real processes behind HAProxy on PostgreSQL and Redis (scripts/city.ts).
        test: {
          ...shared,
          name: 'city',
          include: ['tests/city/**/*.test.ts'],
          // The cities share one Redis (its channels and counters): one file at a time.
          fileParallelism: false,
          env: { TEST_BACKEND: 'postgres' },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
