// The booking behind the ticket at this counter: the serving officer sees the name and the full
// phone (GET /api/counters/:counterId/bookings/:appointmentId, refused to anyone else). Should
// that be refused, the day's staff list (phones masked) is the fallback; a ticket from a booking
// of another day, or a failed read, says so plainly.
import { createResource, type JSX, Show } from 'solid-js';
import { api, unwrap } from '../../web/api';
import { useTerminal } from './state';
import { t } from './text';

export function BookingPanel(props: { appointmentId: number | null; source: string }): JSX.Element {
  const term = useTerminal();
  const [booking] = createResource(
    () => props.appointmentId,
    async (id) => {
      try {
        return await unwrap(
          api.counters[':counterId'].bookings[':appointmentId'].$get({
            param: { counterId: String(term.counterId()), appointmentId: String(id) },
          }),
        );
      } catch {
        const day = await unwrap(
          api.offices[':officeId'].appointments.$get({ param: { officeId: String(term.officeId()) }, query: {} }),
        );
        return day.find((a) => a.id === id) ?? null;
      }
    },
  );
  const found = () => (booking.error ? null : booking());
  return (
    <Show when={props.appointmentId !== null || props.source === 'booking'}>
      <section class="booking" aria-label={t('booking')} data-appointment-id={props.appointmentId ?? ''}>
        <h3>
          {t('booking')}
          <Show when={found()}>{(a) => <span class="booking-code"> · {a().code}</span>}</Show>
        </h3>
        <dl>
          <div>
            <dt>{t('bookingName')}</dt>
            <dd classList={{ pending: !found() }} data-testid="booking-name">
              {booking.loading ? t('loading') : (found()?.name ?? t('bookingPending'))}
            </dd>
          </div>
          <div>
            <dt>{t('bookingPhone')}</dt>
            <dd classList={{ pending: !found() }} data-testid="booking-phone">
              {booking.loading ? t('loading') : (found()?.phone ?? t('bookingPending'))}
            </dd>
          </div>
        </dl>
      </section>
    </Show>
  );
}
