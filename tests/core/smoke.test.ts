import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers';

describe('queue core smoke', () => {
  it('issues a ticket, calls it and shows it in the recent calls', async () => {
    const { client } = await testApp();
    await client.login('canbo1');
    const t = await client.post('/api/offices/1/tickets', { serviceId: 1 });
    expect(t.status).toBe(201);
    expect(t.body.number).toBe('A001');
    expect((await client.post('/api/counters/1/open')).status).toBe(200);
    const call = await client.post('/api/counters/1/call-next');
    expect(call.status).toBe(200);
    expect(call.body.ticket.number).toBe('A001');
    expect(typeof call.body.reason).toBe('string');
    const calls = await client.get('/api/offices/1/calls?limit=5');
    expect(calls.body[0]).toMatchObject({ number: 'A001', counterNumber: 1, recall: false });
    expect(typeof calls.body[0].eventId).toBe('number');
  });

  it("a ticket's view names its office and its service: the live page needs nothing else", async () => {
    const { client } = await testApp();
    await client.login('canbo1');
    const services = (await client.get('/api/offices/1/services')).body as { id: number; name: string }[];
    const office = (await client.get('/api/offices')).body.find((o: { id: number }) => o.id === 1);
    for (const s of services.slice(0, 2)) {
      const t = await client.post('/api/offices/1/tickets', { serviceId: s.id });
      expect(t.status).toBe(201);
      const view = await client.fresh().get(`/api/tickets/${t.body.token}`);
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({ number: t.body.number, serviceId: s.id, serviceName: s.name, officeName: office.name });
    }
  });
});
