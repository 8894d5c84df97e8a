// getOffice keeps parsed settings between calls; a change to the stored document, from the admin
// API or written straight to the row, must still be seen on the next read.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { offices } from '../../db/schema';
import { forgetOfficeSettings, getOffice } from '../../server/offices/store';
import { testDb } from '../helpers';

describe('office settings cache', () => {
  it('sees a settings change written directly to the row', async () => {
    const { store, db } = await testDb();
    const first = (await getOffice(db, 1))!;
    expect((await getOffice(db, 1))!.settings).toBe(first.settings); // cached: same parsed object
    const row = (await db.select().from(offices).where(eq(offices.id, 1)))[0]!;
    const changed = { ...row.settings, retentionDays: 7 };
    await store.write((tx) => tx.update(offices).set({ settings: changed }).where(eq(offices.id, 1)));
    const second = (await getOffice(db, 1))!;
    expect(second.settings).not.toBe(first.settings);
    expect(second.settings.retentionDays).toBe(7);
    forgetOfficeSettings(1);
    expect((await getOffice(db, 1))!.settings.retentionDays).toBe(7);
    expect(await getOffice(db, 999)).toBeUndefined();
  });

  it('keeps two databases apart even with the same office id', async () => {
    const { db: a } = await testDb();
    const { db: b, store } = await testDb();
    const row = (await b.select().from(offices).where(eq(offices.id, 1)))[0]!;
    await store.write((tx) =>
      tx
        .update(offices)
        .set({ settings: { ...row.settings, retentionDays: 9 } })
        .where(eq(offices.id, 1)),
    );
    expect((await getOffice(b, 1))!.settings.retentionDays).toBe(9);
    expect((await getOffice(a, 1))!.settings.retentionDays).not.toBe(9);
    expect((await getOffice(b, 1))!.settings.retentionDays).toBe(9);
  });
});
