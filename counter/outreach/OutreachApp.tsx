// The counter screen in outreach mode (/counter/outreach?session=<id>), on an officer's laptop at
// a block's hall or an industrial park, where the network is weak: booked residents are checked
// in by their code (a USB scanner types it, or the officer does), and each visit is recorded
// (procedure, filed online with help, electronic ID, rating). Every action goes through the
// offline queue (./queue.ts): kept on the laptop, sent when the network is there, applied once by
// the server; the screen says when it is offline and how many actions wait.
import { createResource, createSignal, For, type JSX, onCleanup, Show } from 'solid-js';
import { ApiError, api, unwrap } from '../../web/api';
import { formatDate, formatTime, lang, setLang } from '../../web/i18n';
import { signedInUser } from '../signed-in';
import { createQueue, newKey, type QueuedAction, Refused } from './queue';
import { t } from './text';
import './outreach.css';
import { CameraScan } from '../../booking/common/camera-scan';

export default function OutreachApp(): JSX.Element {
  const [user] = createResource(signedInUser);
  const sessionId = new URLSearchParams(location.search).get('session');
  document.title = t('title');
  return (
    <div class="or-app">
      <header class="or-top">
        <h1>{t('title')}</h1>
        <button
          type="button"
          class="or-lang"
          lang={lang() === 'vi' ? 'en' : 'vi'}
          onClick={() => setLang(lang() === 'vi' ? 'en' : 'vi')}
        >
          {lang() === 'vi' ? 'English' : 'Tiếng Việt'}
        </button>
      </header>
      <Show when={user.state === 'ready'} fallback={<p class="or-main">…</p>}>
        <Show
          when={user()}
          fallback={
            <main class="or-main">
              <p>{t('signIn')}</p>
              <a class="btn btn-primary" href="/counter/login">
                {t('toLogin')}
              </a>
            </main>
          }
        >
          {(u) =>
            sessionId && /^\d+$/.test(sessionId) ? <Session id={Number(sessionId)} /> : <ChooseSession officeId={u().officeId} />
          }
        </Show>
      </Show>
    </div>
  );
}

function ChooseSession(props: { officeId: number | null }): JSX.Element {
  const [list] = createResource(() =>
    unwrap(api.outreach.$get({ query: props.officeId ? { office: String(props.officeId) } : {} })),
  );
  return (
    <main class="or-main">
      <h2>{t('choose')}</h2>
      <Show when={list()?.length} fallback={<p>{t('none')}</p>}>
        <ul class="or-list">
          <For each={list()}>
            {(s) => (
              <li>
                <a href={`/counter/outreach?session=${s.id}`}>
                  {s.placeName} · {formatDate(s.startsAt)} {formatTime(s.startsAt)}
                </a>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </main>
  );
}

function Session(props: { id: number }): JSX.Element {
  const param = { sessionId: String(props.id) };
  const [session] = createResource(() => unwrap(api.outreach[':sessionId'].$get({ param })));
  const [bookings, { refetch: refetchBookings }] = createResource(() =>
    unwrap(api.outreach[':sessionId'].bookings.$get({ param })),
  );
  const [visits, { refetch: refetchVisits }] = createResource(() => unwrap(api.outreach[':sessionId'].visits.$get({ param })));

  /** Sends one queued action; a network failure keeps it queued, a refusal drops it (Refused). */
  const send = async (a: QueuedAction) => {
    try {
      if (a.kind === 'check-in') {
        await unwrap(api.outreach[':sessionId']['check-in'].$post({ param, json: { code: String(a.body.code) } }));
      } else {
        await unwrap(api.outreach[':sessionId'].visits.$post({ param, json: a.body as Parameters<typeof visitPost>[0]['json'] }));
      }
    } catch (e) {
      if (e instanceof ApiError && e.status !== 0 && e.status < 500) throw new Refused(e.message);
      throw e;
    }
    void refetchBookings();
    void refetchVisits();
  };
  const visitPost = api.outreach[':sessionId'].visits.$post;
  const queue = createQueue(`outreach-queue:${props.id}`, send);
  onCleanup(() => queue.close());

  const [code, setCode] = createSignal('');
  const [bookingCode, setBookingCode] = createSignal('');
  const [serviceId, setServiceId] = createSignal('');
  const [filed, setFiled] = createSignal(false);
  const [portal, setPortal] = createSignal('');
  const [eid, setEid] = createSignal(false);
  const [level, setLevel] = createSignal<number | null>(null);
  const [note, setNote] = createSignal('');

  const [camera, setCamera] = createSignal(false);
  const checkInCode = (raw: string) => {
    // The QR holds the code (or a link ending with it); a USB scanner types the same.
    const c = raw.trim().replace(/^.*\//, '').toUpperCase();
    if (!c) return;
    queue.add('check-in', { code: c });
    setBookingCode(c);
    setCode('');
    setNote(t('queuedCheckIn', { code: c }));
  };
  const checkIn = (e: SubmitEvent) => {
    e.preventDefault();
    checkInCode(code());
  };
  const record = (e: SubmitEvent) => {
    e.preventDefault();
    queue.add('visit', {
      key: newKey(),
      doneAt: new Date().toISOString(),
      bookingCode: bookingCode() || null,
      serviceId: serviceId() ? Number(serviceId()) : null,
      filedOnline: filed(),
      portalCode: filed() && portal().trim() ? portal().trim() : null,
      eidSetUp: eid(),
      level: level(),
    });
    setBookingCode('');
    setServiceId('');
    setFiled(false);
    setPortal('');
    setEid(false);
    setLevel(null);
    setNote(t('queuedVisit'));
  };

  return (
    <main class="or-main">
      <Show when={session()}>
        {(s) => (
          <p class="or-session">
            <strong>{s().placeName}</strong> · {s().address} · {formatDate(s().startsAt)} {formatTime(s().startsAt)}–
            {formatTime(s().endsAt)}
          </p>
        )}
      </Show>
      <p class="or-net" classList={{ off: !queue.online() }} role="status">
        <span class="dot" aria-hidden="true" /> {queue.online() ? t('online') : t('offline')} ·{' '}
        {queue.pending().length ? t('pending', { n: queue.pending().length }) : t('allSent')}
      </p>
      <For each={queue.refusals()}>
        {(msg) => (
          <p class="or-refused" role="alert">
            {t('refused', { msg })}
          </p>
        )}
      </For>
      <div class="or-grid">
        <section aria-labelledby="or-actions">
          <h2 id="or-actions" class="visually-hidden">
            {t('record')}
          </h2>
          <form class="or-form" onSubmit={checkIn}>
            <h3>{t('checkIn')}</h3>
            <label for="or-code">{t('code')}</label>
            <div class="or-row">
              <input
                id="or-code"
                autocomplete="off"
                spellcheck={false}
                value={code()}
                onInput={(e) => setCode(e.currentTarget.value)}
              />
              <button type="submit" class="btn btn-primary" disabled={!code().trim()}>
                {t('checkInGo')}
              </button>
            </div>
            <button type="button" class="btn" onClick={() => setCamera(!camera())}>
              {camera() ? t('cameraStop') : t('camera')}
            </button>
            <Show when={camera()}>
              <CameraScan
                class="or-video"
                hint={t('cameraHint')}
                onResult={(text) => {
                  setCamera(false);
                  checkInCode(text);
                }}
                onError={() => {
                  setCamera(false);
                  setNote(t('cameraUnavailable'));
                }}
              />
            </Show>
          </form>
          <form class="or-form" onSubmit={record}>
            <h3>{t('record')}</h3>
            <label for="or-booking">{t('forBooking')}</label>
            <select id="or-booking" value={bookingCode()} onChange={(e) => setBookingCode(e.currentTarget.value)}>
              <option value="" selected={bookingCode() === ''}>
                {t('walkIn')}
              </option>
              <For each={(bookings() ?? []).filter((b) => b.state !== 'cancelled')}>
                {(b) => (
                  <option value={b.code} selected={bookingCode() === b.code}>
                    {b.code} · {b.name ?? ''}
                  </option>
                )}
              </For>
            </select>
            <label for="or-service">{t('procedure')}</label>
            <select id="or-service" value={serviceId()} onChange={(e) => setServiceId(e.currentTarget.value)}>
              <option value="">{t('noProcedure')}</option>
              <For each={session()?.services ?? []}>{(sv) => <option value={String(sv.id)}>{sv.name}</option>}</For>
            </select>
            <label class="or-check">
              <input type="checkbox" checked={filed()} onChange={(e) => setFiled(e.currentTarget.checked)} />
              {t('filedOnline')}
            </label>
            <Show when={filed()}>
              <label for="or-portal">{t('portalCode')}</label>
              <input id="or-portal" value={portal()} maxLength={60} onInput={(e) => setPortal(e.currentTarget.value)} />
            </Show>
            <label class="or-check">
              <input type="checkbox" checked={eid()} onChange={(e) => setEid(e.currentTarget.checked)} />
              {t('eid')}
            </label>
            <fieldset class="or-rating">
              <legend>{t('rating')}</legend>
              <For each={[5, 4, 3, 2, 1]}>
                {(n) => (
                  <label>
                    <input type="radio" name="or-level" checked={level() === n} onChange={() => setLevel(n)} />
                    {n}
                  </label>
                )}
              </For>
              <label>
                <input type="radio" name="or-level" checked={level() === null} onChange={() => setLevel(null)} />
                {t('noRating')}
              </label>
            </fieldset>
            <button type="submit" class="btn btn-primary">
              {t('save')}
            </button>
            <Show when={note()}>
              <p class="or-note" aria-live="polite">
                {note()}
              </p>
            </Show>
          </form>
        </section>
        <section aria-labelledby="or-bookings">
          <h2 id="or-bookings">{t('bookings')}</h2>
          <Show when={bookings()?.length} fallback={<p>{t('noBookings')}</p>}>
            <ul class="or-list">
              <For each={bookings()}>
                {(b) => (
                  <li>
                    <strong>{b.code}</strong> · {b.name} · {b.phone} ·{' '}
                    <span class={`or-state ${b.state}`}>{t(`state_${b.state}`)}</span>
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <h2>{t('visits')}</h2>
          <ul class="or-list or-visits">
            <For each={queue.pending().filter((a) => a.kind === 'visit')}>
              {(a) => (
                <li class="queued">
                  {formatTime(a.at)} · {String(a.body.bookingCode ?? t('walkIn'))} · <em>{t('waiting')}</em>
                </li>
              )}
            </For>
            <For each={visits()}>
              {(v) => (
                <li>
                  {formatTime(v.doneAt)} · {v.filedOnline ? t('filed') : '—'}
                  {v.eidSetUp ? ` · ${t('eidShort')}` : ''}
                  {v.level ? ` · ${v.level}/5` : ''} · {t('sent')}
                </li>
              )}
            </For>
          </ul>
        </section>
      </div>
    </main>
  );
}
