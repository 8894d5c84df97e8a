// One normalisation for every free-text field at the boundary (server/schemas.ts normalizeText):
// NFC, no control or format characters (zero-width, bidirectional, NUL, bell), no lone
// surrogates, white space made one; then the emptiness and length checks. Text made only of
// invisible characters is empty: refused where text is required.
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../server/schemas';
import { counterIdOf, expectError, isoAt, openCounter, serviceIdOf, sqlAll, testApp } from '../helpers';

const INVISIBLE_ONLY = [
  '\u200b',
  '\u200b\u200c\u200d',
  '\u2060\ufeff',
  '\u202e\u2066\u2069',
  '\u0000\u0007',
  '\ud800',
  '\udc00 \u200b',
  ' \t\n ',
];

describe('normalizeText', () => {
  it.each([
    ['Nguye\u0303n', 'Nguyẽn'], // combining tilde composed (NFC)
    ['Nguye\u0302\u0303n Va\u0306n A', 'Nguyễn Văn A'],
    ['Lê\u200bVăn\u00adBình', 'LêVănBình'],
    ['A\u0000B\u0007C', 'ABC'],
    ['\u202eevil\u202c name', 'evil name'],
    ['  Trần   Thị\tHoa \n', 'Trần Thị Hoa'],
    ['x\ud800y', 'xy'],
    ['👨\u200d👩\u200d👧 gia đình', '👨\u200d👩\u200d👧 gia đình'],
    ['\ufeffBOM', 'BOM'],
  ])('%j -> %j', (input, out) => {
    expect(normalizeText(input)).toBe(out);
    // In unicode mode a surrogate class matches only a lone surrogate.
    expect(normalizeText(input)).not.toMatch(/[\uD800-\uDFFF]/u);
  });

  it('makes invisible-only text empty; a multi-line field keeps its line breaks', () => {
    for (const s of INVISIBLE_ONLY) expect(normalizeText(s), JSON.stringify(s)).toBe('');
    expect(normalizeText('Dòng một\r\n\u200b  Dòng   hai\n\n\n\nDòng ba', true)).toBe('Dòng một\nDòng hai\n\nDòng ba');
  });
});

describe('required text at the boundary', () => {
  it('refuses booking names of invisible characters, and books others cleaned', async () => {
    const f = await testApp();
    let i = 0;
    const book = (name: string) =>
      f.client.post('/api/offices/1/appointments', {
        serviceId: 1,
        start: isoAt('2026-11-30', 10),
        name,
        phone: `09123450${String(i++).padStart(2, '0')}`,
      });
    for (const name of INVISIBLE_ONLY) expectError(await book(name), 400, 'NAME_REQUIRED');
    expect(await sqlAll(f.db, 'select id from appointments')).toEqual([]);
    for (const name of ['Lê\u0000Văn\u0007 C', 'Phạm\u202e Thị D', 'Hoa\ud800'])
      expect((await book(name)).status, JSON.stringify(name)).toBe(201);
    const names = (await sqlAll<{ name: string }>(f.db, 'select name from appointments order by id')).map((r) => r.name);
    expect(names).toEqual(['LêVăn C', 'Phạm Thị D', 'Hoa']);
  });

  it('refuses a pause and an out-of-order call whose reason is invisible', async () => {
    const f = await testApp();
    const officer = f.client.fresh();
    await officer.login('canbo1');
    const counterId = await counterIdOf(f.db, 1);
    await openCounter(officer, counterId);
    for (const reason of INVISIBLE_ONLY)
      expectError(await officer.post(`/api/counters/${counterId}/pause`, { reason }), 400, 'REASON_REQUIRED');
    const A = await serviceIdOf(f.db, 'A');
    await officer.post('/api/offices/1/tickets', { serviceId: A });
    const second = await officer.post('/api/offices/1/tickets', { serviceId: A });
    for (const reason of INVISIBLE_ONLY) {
      const r = await officer.post(`/api/counters/${counterId}/call`, { ticketId: second.body.id, reason });
      expect(r.status, JSON.stringify(reason)).toBeGreaterThanOrEqual(400);
      expect(r.body.error.code).toBe('REASON_REQUIRED');
    }
    // Nothing was called or paused.
    expect((await sqlAll(f.db, "select id from tickets where state <> 'waiting'")).length).toBe(0);
    const ok = await officer.post(`/api/counters/${counterId}/call`, {
      ticketId: second.body.id,
      reason: '  Người\u200b cao tuổi  ',
    });
    expect(ok.status).toBe(200);
    const logged = await sqlAll<{ reason: string }>(f.db, 'select reason from ticket_events where reason is not null');
    expect(logged.map((r) => r.reason)).toContain('Người cao tuổi');
  });

  it('cleans admin names: a service named with invisible characters only is refused', async () => {
    const f = await testApp();
    const admin = f.client.fresh();
    await admin.login('admin');
    const A = await serviceIdOf(f.db, 'A');
    for (const name of INVISIBLE_ONLY) {
      const r = await admin.request('PATCH', `/api/admin/offices/1/services/${A}`, { name });
      expect(r.status, JSON.stringify(name)).toBe(400);
    }
    const r = await admin.request('PATCH', `/api/admin/offices/1/services/${A}`, { name: 'Chứng\u200b thực  bản sao\u0000' });
    expect(r.status).toBe(200);
    expect(r.body.name).toBe('Chứng thực bản sao');
  });
});
