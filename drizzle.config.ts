import { defineConfig } from 'drizzle-kit';

// SQLite, the embedded default. The PostgreSQL twin is drizzle.pg.config.ts; `npm run
// db:generate` runs both, so a schema change always gets a migration for each dialect.
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema/sqlite.ts',
  out: './db/migrations/sqlite',
});
