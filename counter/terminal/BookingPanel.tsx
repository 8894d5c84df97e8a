// BOOKING DETAILS SPOT. A ticket that came from a booking carries `appointmentId`; the booking
// feature owns the appointment (name, phone). Until it exposes a staff read for the serving
// officer (name and phone, masked on other staff screens: DESIGN.md "Personal data"), this panel
// shows the booking reference and says plainly that the details are not available yet.
import { type JSX, Show } from 'solid-js';
import { t } from './text';

export function BookingPanel(props: { appointmentId: number | null; source: string }): JSX.Element {
  return (
    <Show when={props.appointmentId !== null || props.source === 'booking'}>
      <section class="booking" aria-label={t('booking')} data-appointment-id={props.appointmentId ?? ''}>
        <h3>{props.appointmentId !== null ? t('bookingRef', { id: props.appointmentId }) : t('booking')}</h3>
        <dl>
          <div>
            <dt>{t('bookingName')}</dt>
            <dd class="pending">{t('bookingPending')}</dd>
          </div>
          <div>
            <dt>{t('bookingPhone')}</dt>
            <dd class="pending">{t('bookingPending')}</dd>
          </div>
        </dl>
      </section>
    </Show>
  );
}
