// A booking's own page (/a/<token>, the manage link and the QR's target): the booking with its
// code and QR, cancel (asked twice), move to another time, and the live ticket once checked in.
import { createResource, createSignal, Show } from 'solid-js';
import { type ApiError, unwrap } from '../../web/api';
import { bookingApi } from '../common/booking-api';
import { LangSwitch } from '../common/lang-switch';
import { OfflineNote } from '../common/offline';
import { AppointmentCard, loadAppointment } from './confirmation';
import { SlotPicker } from './slot-picker';
import { t } from './text';
import './book.css';

export default function ManagePage(props: { token: string }) {
  // One request: the booking's view carries its office's time zone (a second read of the office's
  // settings after it cost a phone another round trip before the page showed anything).
  const [data, { mutate }] = createResource(() => props.token, loadAppointment);
  const [mode, setMode] = createSignal<'view' | 'cancel' | 'move' | 'erase'>('view');
  const [day, setDay] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [message, setMessage] = createSignal('');
  const [error, setError] = createSignal('');
  const d = () => (data.state === 'ready' || data.state === 'refreshing' ? data() : undefined);
  document.title = t('manageTitle');

  const run = async (action: () => Promise<Awaited<ReturnType<typeof loadAppointment>>>, done: string) => {
    if (!d() || busy()) return;
    setBusy(true);
    setError('');
    try {
      mutate(await action());
      setMode('view');
      setDay(null);
      setMessage(done);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
      queueMicrotask(() => document.querySelector<HTMLElement>('.status-message')?.focus());
    }
  };
  const cancel = () =>
    run(() => unwrap(bookingApi.appointments[':token'].$delete({ param: { token: props.token } })), t('cancelled'));
  const erase = () =>
    run(() => unwrap(bookingApi.appointments[':token']['personal-data'].$delete({ param: { token: props.token } })), t('erased'));
  const move = (start: string) =>
    run(
      () => unwrap(bookingApi.appointments[':token'].reschedule.$post({ param: { token: props.token }, json: { start } })),
      t('rescheduled'),
    );

  /** Opens one of the page's steps (move, cancel, erase), clearing the last message. */
  const enter = (next: 'move' | 'cancel' | 'erase') => () => {
    setMessage('');
    setMode(next);
  };
  const stateLabel = (s: string) => t(`state_${s}` as 'state_booked');

  return (
    <div class="book">
      <header class="topbar">
        <p class="title">{d()?.officeName ?? t('manageTitle')}</p>
        <LangSwitch />
      </header>
      <main class="page narrow">
        <OfflineNote />
        <Show when={data.state === 'errored'}>
          <h1>{(data.error as ApiError).code === 'APPOINTMENT_NOT_FOUND' ? t('notFound') : (data.error as Error).message}</h1>
          <p>
            <a href="/book">{t('title')}</a>
          </p>
        </Show>
        <Show when={d()}>
          {(v) => (
            <>
              <h1 tabindex="-1">{t('manageTitle')}</h1>
              <p class="state-line">
                {t('status')}:{' '}
                <strong class={`state state-${v().state}`} data-state={v().state}>
                  {stateLabel(v().state)}
                </strong>
              </p>
              <Show when={v().state === 'cancelled' && v().cancelReason}>
                {(reason) => (
                  <div class="office-cancel" role="note">
                    <p>
                      {reason().kind === 'holiday'
                        ? t('officeCancelledHoliday', {
                            date: (reason() as { date: string }).date.split('-').reverse().join('/'),
                            name: (reason() as { name: string }).name,
                          })
                        : t('officeCancelledHours')}
                    </p>
                    <a class="btn primary" href={`/book?office=${v().officeId}`}>
                      {t('bookAgain')}
                    </a>
                  </div>
                )}
              </Show>
              <Show when={message() || error()}>
                <p class={`status-message ${error() ? 'error' : 'ok'}`} role={error() ? 'alert' : 'status'} tabindex="-1">
                  {error() || message()}
                </p>
              </Show>
              <Show when={v().ticketToken}>
                <p>
                  <a class="btn primary wide" href={`/t/${v().ticketToken}`}>
                    {t('seeTicket')}
                  </a>
                </p>
              </Show>
              <AppointmentCard a={v()} timeZone={v().timezone}>
                <Show when={v().state === 'booked'}>
                  <div class="manage-actions">
                    <Show when={mode() === 'view'}>
                      <button type="button" class="btn secondary" onClick={enter('move')}>
                        {t('reschedule')}
                      </button>
                      <button type="button" class="btn danger" onClick={enter('cancel')}>
                        {t('cancel')}
                      </button>
                    </Show>
                    <Show when={mode() === 'cancel'}>
                      <div class="confirm" role="alert">
                        <p id="cancel-q">
                          <strong>{t('cancelConfirm')}</strong>
                        </p>
                        <button type="button" class="btn danger" disabled={busy()} onClick={cancel}>
                          {t('cancelYes')}
                        </button>
                        <button type="button" class="btn secondary" onClick={() => setMode('view')}>
                          {t('cancelNo')}
                        </button>
                      </div>
                    </Show>
                  </div>
                  <Show when={mode() === 'move'}>
                    <section class="move" aria-label={t('reschedule')}>
                      <SlotPicker
                        officeId={String(v().officeId)}
                        serviceId={v().serviceId}
                        timeZone={v().timezone}
                        current={v().start}
                        day={day()}
                        onDay={setDay}
                        onSlot={(s) => move(s.start)}
                        headingLevel="h3"
                      />
                      <p class="actions">
                        <Show when={day()}>
                          <button type="button" class="btn secondary" onClick={() => setDay(null)}>
                            {t('back')}
                          </button>
                        </Show>
                        <button
                          type="button"
                          class="btn secondary"
                          onClick={() => {
                            setDay(null);
                            setMode('view');
                          }}
                        >
                          {t('keepSlot')}
                        </button>
                      </p>
                    </section>
                  </Show>
                </Show>
              </AppointmentCard>
              <Show when={v().name || v().phone}>
                <section class="erase" aria-label={t('erase')}>
                  <Show
                    when={mode() === 'erase'}
                    fallback={
                      <button type="button" class="btn secondary" onClick={enter('erase')}>
                        {t('erase')}
                      </button>
                    }
                  >
                    <div class="confirm" role="alert">
                      <p>
                        <strong>{t('eraseConfirm')}</strong>
                      </p>
                      <button type="button" class="btn danger" disabled={busy()} onClick={erase}>
                        {t('eraseYes')}
                      </button>
                      <button type="button" class="btn secondary" onClick={() => setMode('view')}>
                        {t('cancelNo')}
                      </button>
                    </div>
                  </Show>
                </section>
              </Show>
              <Show when={v().state !== 'booked'}>
                <p>
                  <a href={`/book?office=${v().officeId}`}>{t('newBooking')}</a>
                </p>
              </Show>
            </>
          )}
        </Show>
      </main>
    </div>
  );
}
