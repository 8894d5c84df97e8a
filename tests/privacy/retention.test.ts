// The retention job with an injected clock: personal fields older than the office's retention are
// cleared (purgedAt set), everything else stays as it was.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appointments, dossiers, offices, ratings } from '../../db/schema';
import { purgeExpired } from '../../server/privacy/retention';
import { issueTicket } from '../../server/tickets/store';
import { testApp } from '../helpers';

const DAY = 24 * 3_600_000;

async function fixture() {
  const f = await testApp();
  const now = f.clock.now();
  const retentionDays = 90;
  const booking = async (code: string, daysAgo: number) =>
    (
      await f.store.write((tx) =>
        tx
          .insert(appointments)
          .values({
            officeId: f.officeId,
            serviceId: 1,
            code,
            token: `tok-${code}-0123456789`,
            slotStart: now - daysAgo * DAY,
            slotEnd: now - daysAgo * DAY + 30 * 60_000,
            localDay: '2026-01-01',
            name: `Nguyễn Văn ${code}`,
            phone: `09123456${code.slice(-2)}`,
            idNumberHash: `hash-${code}`,
            state: 'checked_in',
            createdAt: now - (daysAgo + 3) * DAY,
          })
          .returning(),
      )
    )[0]!;
  const rating = async (daysAgo: number, comment: string) => {
    const t = await issueTicket(f.deps, { officeId: f.officeId, serviceId: 1 });
    if (!t.ok) throw new Error(t.code);
    return (
      await f.store.write((tx) =>
        tx
          .insert(ratings)
          .values({
            officeId: f.officeId,
            ticketId: t.value.id,
            level: 2,
            scale: 5,
            answers: { access: 4 },
            comment,
            channel: 'phone',
            serviceId: 1,
            createdAt: now - daysAgo * DAY,
          })
          .returning(),
      )
    )[0]!;
  };
  const dossier = async (code: string, state: 'processing' | 'returned' | 'refused', endedDaysAgo: number) =>
    (
      await f.store.write((tx) =>
        tx
          .insert(dossiers)
          .values({
            officeId: f.officeId,
            serviceId: 1,
            code,
            token: `dossier-token-${code}-0123`,
            applicantName: `Trần Thị ${code}`,
            phone: `09887766${code.slice(-2)}`,
            papers: ['Tờ khai'],
            state,
            receivedAt: now - (endedDaysAgo + 20) * DAY,
            dueAt: now - (endedDaysAgo + 10) * DAY,
            resultReadyAt: state === 'returned' ? now - (endedDaysAgo + 1) * DAY : null,
            returnedAt: state === 'returned' ? now - endedDaysAgo * DAY : null,
            endedAt: state === 'refused' ? now - endedDaysAgo * DAY : null,
          })
          .returning(),
      )
    )[0]!;
  return { ...f, now, retentionDays, booking, rating, dossier };
}

describe('retention job', () => {
  it('clears personal fields older than the retention and keeps the rest', async () => {
    const f = await fixture();
    const old = await f.booking('OLD01', f.retentionDays + 1);
    const edge = await f.booking('EDG02', f.retentionDays - 1);
    const recent = await f.booking('NEW03', 2);
    const oldRating = await f.rating(f.retentionDays + 5, 'Cán bộ Nguyễn Văn A trả lời chậm, số tôi 0987654321');
    const newRating = await f.rating(10, 'Phục vụ tốt');

    const result = await purgeExpired(f.deps, f.officeId);
    expect(result).toEqual({ ok: true, value: { appointments: 1, ratings: 1, dossiers: 0 } });

    const get = async (id: number) => (await f.db.select().from(appointments).where(eq(appointments.id, id)))[0]!;
    const purged = await get(old.id);
    expect(purged).toMatchObject({ name: null, phone: null, idNumberHash: null, purgedAt: f.now });
    // The facts the reports need are kept.
    expect(purged).toMatchObject({ code: old.code, state: old.state, slotStart: old.slotStart, serviceId: 1 });
    for (const kept of [edge, recent]) expect(await get(kept.id)).toEqual(kept);

    const r = async (id: number) => (await f.db.select().from(ratings).where(eq(ratings.id, id)))[0]!;
    expect(await r(oldRating.id)).toEqual({ ...oldRating, comment: null });
    expect(await r(newRating.id)).toEqual(newRating);
  });

  it("clears a closed dossier's applicant once the retention has passed since it closed; an open one keeps it", async () => {
    const f = await fixture();
    const returned = await f.dossier('HS-R-01', 'returned', f.retentionDays + 1);
    const refused = await f.dossier('HS-F-02', 'refused', f.retentionDays + 3);
    const recent = await f.dossier('HS-N-03', 'returned', f.retentionDays - 1);
    // Received long ago and still open: the office must still reach the applicant.
    const open = await f.dossier('HS-O-04', 'processing', f.retentionDays + 30);
    expect(await purgeExpired(f.deps, f.officeId)).toEqual({ ok: true, value: { appointments: 0, ratings: 0, dossiers: 2 } });
    const get = async (id: number) => (await f.db.select().from(dossiers).where(eq(dossiers.id, id)))[0]!;
    for (const gone of [returned, refused]) expect(await get(gone.id)).toEqual({ ...gone, applicantName: null, phone: null });
    for (const kept of [recent, open]) expect(await get(kept.id)).toEqual(kept);
    expect(await purgeExpired(f.deps, f.officeId)).toEqual({ ok: true, value: { appointments: 0, ratings: 0, dossiers: 0 } });
  });

  it('follows the clock and the office setting, and is idempotent', async () => {
    const f = await fixture();
    const b = await f.booking('MID04', 30);
    expect(await purgeExpired(f.deps, f.officeId)).toEqual({ ok: true, value: { appointments: 0, ratings: 0, dossiers: 0 } });
    expect((await f.db.select().from(appointments).where(eq(appointments.id, b.id)))[0]!.name).toBe(b.name);

    // Sixty-one days later the 90-day retention has passed.
    f.clock.advance(61 * DAY);
    expect(await purgeExpired(f.deps, f.officeId)).toEqual({ ok: true, value: { appointments: 1, ratings: 0, dossiers: 0 } });
    expect(await purgeExpired(f.deps, f.officeId)).toEqual({ ok: true, value: { appointments: 0, ratings: 0, dossiers: 0 } });

    // A shorter retention configured by the admin applies at the next run.
    const c = await f.booking('SHO05', 10);
    const office = (await f.db.select().from(offices).where(eq(offices.id, f.officeId)))[0]!;
    await f.store.write((tx) =>
      tx
        .update(offices)
        .set({ settings: { ...office.settings, retentionDays: 7 } })
        .where(eq(offices.id, f.officeId)),
    );
    expect(await purgeExpired(f.deps, f.officeId)).toEqual({ ok: true, value: { appointments: 1, ratings: 0, dossiers: 0 } });
    expect((await f.db.select().from(appointments).where(eq(appointments.id, c.id)))[0]).toMatchObject({ phone: null });
  });

  it('runs from the server’s periodic job', async () => {
    const { startServer } = await import('../../server/server');
    const { testConfig } = await import('../../server/config');
    const f = await fixture();
    const old = await f.booking('JOB06', 200);
    const server = await startServer({
      store: f.store,
      config: testConfig(),
      clock: f.clock,
      port: 0,
      host: '127.0.0.1',
      jobsIntervalMs: 60_000,
    });
    await server.close();
    expect((await f.db.select().from(appointments).where(eq(appointments.id, old.id)))[0]).toMatchObject({
      name: null,
      purgedAt: f.now,
    });
  });
});
