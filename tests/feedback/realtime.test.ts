// The sender's tracking page over a real Socket.IO connection: on connecting with its token it
// gets the item as it is, then each change (taken, answered) as it commits; an unknown token is
// refused; the centre's staff sockets hear that their inbox changed, and nothing personal.
import { describe, expect, it } from 'vitest';
import { nextEvent, testServer } from '../helpers';

describe('feedback pushes', () => {
  it('reach the tracking page live and tell the centre’s inbox to refresh', async () => {
    const srv = await testServer();
    const sent = await srv.client.fresh().post('/api/feedback', {
      officeId: 1,
      category: 'waiting',
      text: 'Chờ lâu.',
      name: 'Đinh Thị Riêng',
      phone: '0912777888',
    });
    expect(sent.status).toBe(201);
    const page = srv.socket({ feedbackToken: sent.body.token });
    const first = await nextEvent(page, 'feedback');
    expect(first).toMatchObject({ code: sent.body.code, state: 'new', answer: null });

    const sup = srv.client.fresh();
    await sup.login('giamsat');
    const inbox = srv.socket({ officeId: 1 }, { cookie: sup.cookie });
    // The welcome's queue snapshot comes after the socket has joined the staff room.
    await nextEvent(inbox, 'queue');
    const id = ((await sup.get('/api/offices/1/feedback')).body as { id: number }[])[0]!.id;
    const changed = nextEvent(inbox, 'feedback:changed');
    const taken = nextEvent(page, 'feedback');
    expect((await sup.post(`/api/feedback/${id}/assign`, {})).status).toBe(200);
    expect(await changed).toEqual({ id, state: 'assigned' });
    expect((await taken).state).toBe('assigned');
    const answered = nextEvent(page, 'feedback');
    expect((await sup.post(`/api/feedback/${id}/answer`, { answer: 'Đã mở thêm quầy.' })).status).toBe(200);
    const view = await answered;
    expect(view).toMatchObject({ state: 'answered', answer: 'Đã mở thêm quầy.', answeredAt: expect.any(String) });
    expect(JSON.stringify(view)).not.toMatch(/Đinh|0912/);

    const stranger = srv.socket({ feedbackToken: 'AAAAAAAAAAAAAAAAAAAAAAAA' });
    const refused = await new Promise<string>((resolve) => stranger.on('connect_error', (e) => resolve(e.message)));
    expect(refused).toBe('FEEDBACK_NOT_FOUND');
  });
});
