// A booking as the resident keeps it: the code and its QR (what the kiosk reads), when and
// where, what to bring, the calendar file and the manage link. Shown right after booking and on
// the booking's own page (/a/<token>).
import { createResource, type JSX, Show } from 'solid-js';
import { unwrap } from '../../web/api';
import { bookingApi, icsUrl, manageUrl } from '../common/booking-api';
import { QrCode } from '../common/qr-code';
import { hm, longDay } from './format';
import { t } from './text';

export interface Appointment {
  code: string;
  token: string;
  serviceName: string;
  whatToBring: string | null;
  officeName: string;
  officeAddress: string;
  start: string;
  end: string;
  state: 'booked' | 'checked_in' | 'cancelled' | 'no_show';
  name: string | null;
  phone: string | null;
  ticketToken: string | null;
}

export function AppointmentCard(props: { a: Appointment; timeZone: string; fresh?: boolean; children?: JSX.Element }) {
  const active = () => props.a.state === 'booked';
  return (
    <article class="appointment" classList={{ inactive: !active() && props.a.state !== 'checked_in' }}>
      <Show when={active() || props.a.state === 'checked_in'}>
        <div class="code-block">
          <p class="code-label">{t('code')}</p>
          <p class="code" data-code={props.a.code}>
            {props.a.code}
          </p>
          <Show when={active()}>
            <QrCode class="booking-qr" text={manageUrl(props.a.token)} label={t('qrLabel', { code: props.a.code })} />
            <p class="muted small">{t('codeHint')}</p>
          </Show>
        </div>
      </Show>
      <dl class="facts">
        <div>
          <dt>{t('service')}</dt>
          <dd>{props.a.serviceName}</dd>
        </div>
        <div>
          <dt>{t('when')}</dt>
          <dd class="when">
            {hm(props.a.start, props.timeZone)}–{hm(props.a.end, props.timeZone)}, {longDay(props.a.start, props.timeZone)}
          </dd>
        </div>
        <div>
          <dt>{t('where')}</dt>
          <dd>
            {props.a.officeName}
            <br />
            {props.a.officeAddress}
          </dd>
        </div>
        <Show when={props.a.whatToBring}>
          <div>
            <dt>{t('bring')}</dt>
            <dd>{props.a.whatToBring}</dd>
          </div>
        </Show>
        <Show when={!props.fresh && props.a.name}>
          <div>
            <dt>{t('bookedBy')}</dt>
            <dd>
              {props.a.name}
              <Show when={props.a.phone}> · {props.a.phone}</Show>
            </dd>
          </div>
        </Show>
      </dl>
      <Show when={active()}>
        <p class="actions">
          <a class="btn secondary" href={icsUrl(props.a.token)} download={`lich-hen-${props.a.code}.ics`}>
            {t('addToCalendar')}
          </a>
        </p>
      </Show>
      <Show when={props.fresh}>
        <div class="manage-box">
          <a class="btn primary wide" href={`/a/${props.a.token}`}>
            {t('manage')}
          </a>
          <p class="muted small">{t('manageHint')}</p>
          <p class="small manage-url">{manageUrl(props.a.token)}</p>
        </div>
        <p class="notice">{t('arrive')}</p>
      </Show>
      {props.children}
    </article>
  );
}

export function loadAppointment(token: string) {
  return unwrap(bookingApi.appointments[':token'].$get({ param: { token } }));
}

/** Right after booking: the success heading, then the booking. */
export function Confirmation(props: { token: string; timeZone: string }) {
  const [a] = createResource(() => props.token, loadAppointment);
  return (
    <>
      <h1 tabindex="-1" class="success">
        <span aria-hidden="true">✓ </span>
        {t('booked')}
      </h1>
      <Show when={a.state === 'errored'}>
        <p class="error" role="alert">
          {(a.error as Error).message}
        </p>
      </Show>
      <Show when={a.state === 'ready' && a()}>{(v) => <AppointmentCard a={v()} timeZone={props.timeZone} fresh />}</Show>
      <p>
        <a href={location.pathname + location.search}>{t('newBooking')}</a>
      </p>
    </>
  );
}
