import { defineConfig } from 'drizzle-kit';

// PostgreSQL, the city deployment (DATABASE_URL=postgres://...). See drizzle.config.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/pg.ts',
  out: './db/migrations/pg',
});
