// Upgrading a database that holds data: drizzle-kit rebuilds a table to change it (create the
// new table, copy, drop the old one, rename) between "PRAGMA foreign_keys=OFF/ON" lines, but the
// migrator runs every migration inside one transaction, where that pragma does nothing. With
// foreign keys on, dropping a table that other rows reference fails, and the server could not
// start on a real office's database after such a schema change.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../db/client';
import type { SqliteStore } from '../../db/sqlite';
import { seed } from '../../server/seed';
import { issueTicket } from '../../server/tickets/store';
import { RecordingNotifier, serviceIdOf, sqlRun, sqlValue, TestClock } from '../helpers';

const tmp = mkdtempSync(join(tmpdir(), 'reception-migrations-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const committed = fileURLToPath(new URL('../../db/migrations/sqlite', import.meta.url));

/** The committed migrations plus one that rebuilds `services` the way drizzle-kit writes it. */
function migrationsWithRebuild(): string {
  const dir = join(tmp, 'migrations');
  cpSync(committed, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
  const last = journal.entries.at(-1);
  const tag = `${String(last.idx + 1).padStart(4, '0')}_rebuild_services`;
  journal.entries.push({ idx: last.idx + 1, version: last.version, when: last.when + 1000, tag, breakpoints: true });
  writeFileSync(journalPath, JSON.stringify(journal, null, 2));
  writeFileSync(
    join(dir, `${tag}.sql`),
    [
      'PRAGMA foreign_keys=OFF;',
      "CREATE TABLE `__new_services` (`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL, `office_id` integer NOT NULL, `sector_id` integer NOT NULL, `code` text NOT NULL, `name` text NOT NULL, `prefix` text NOT NULL, `avg_service_minutes` integer NOT NULL, `bookable` integer DEFAULT true NOT NULL, `slot_minutes` integer DEFAULT 30 NOT NULL, `capacity_per_slot` integer, `what_to_bring` text, `active` integer DEFAULT true NOT NULL, `position` integer DEFAULT 0 NOT NULL, `note` text DEFAULT '' NOT NULL, FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action, FOREIGN KEY (`sector_id`) REFERENCES `sectors`(`id`) ON UPDATE no action ON DELETE no action);",
      'INSERT INTO `__new_services`("id", "office_id", "sector_id", "code", "name", "prefix", "avg_service_minutes", "bookable", "slot_minutes", "capacity_per_slot", "what_to_bring", "active", "position") SELECT "id", "office_id", "sector_id", "code", "name", "prefix", "avg_service_minutes", "bookable", "slot_minutes", "capacity_per_slot", "what_to_bring", "active", "position" FROM `services`;',
      'DROP TABLE `services`;',
      'ALTER TABLE `__new_services` RENAME TO `services`;',
      'PRAGMA foreign_keys=ON;',
      'CREATE INDEX `services_office` ON `services` (`office_id`,`position`);',
    ].join('--> statement-breakpoint\n'),
  );
  return dir;
}

describe('migrations on a database with data', () => {
  it('a table rebuild applies, keeps every row and leaves foreign keys enforced', async () => {
    const path = join(tmp, 'office.db');
    const clock = new TestClock();
    let store = await openStore({ databasePath: path });
    await seed(store, { adminPassword: 'admin-password-1', staffPassword: 'staff-password-1', now: clock.now() });
    const A = await serviceIdOf(store.db, 'A');
    const issued = await issueTicket(
      { db: store.db, store, clock, notify: new RecordingNotifier() },
      { officeId: 1, serviceId: A },
    );
    expect(issued.ok).toBe(true);
    await store.close();

    store = await openStore({ databasePath: path, migrationsFolder: migrationsWithRebuild() });
    expect(await sqlValue(store.db, "select note from services where prefix = 'A'")).toBe('');
    expect(await sqlValue(store.db, 'select count(*) from tickets')).toBe(1);
    expect((store as SqliteStore).writer.pragma('foreign_keys', { simple: true })).toBe(1);
    const refused = await sqlRun(store, 'delete from services where id = ?', A).catch((e: Error) => e);
    expect(String((refused as Error).cause)).toMatch(/FOREIGN KEY/);
    await store.close();
  });
});
