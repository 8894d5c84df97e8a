// Day, then time: the bookable slots of one service (GET .../slots), grouped by office-local
// day, with the places left. Used to book and to move a booking.
import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { unwrap } from '../../web/api';
import { bookingApi } from '../common/booking-api';
import { dayOf, hm, shortDay } from './format';
import { t } from './text';

export interface Slot {
  start: string;
  end: string;
  capacity: number;
  remaining: number;
}

const DAYS_AHEAD = '14';

export function SlotPicker(props: {
  officeId: string;
  serviceId: number;
  timeZone: string;
  /** The slot the booking already has (reschedule): shown, not selectable. */
  current?: string;
  /** Set when a place was just lost (SLOT_FULL): the picker reloads. */
  reloadKey?: number;
  day: string | null;
  onDay: (day: string | null) => void;
  onSlot: (slot: Slot) => void;
  headingLevel?: 'h2' | 'h3';
}) {
  const [slots] = createResource(
    () => ({ officeId: props.officeId, serviceId: props.serviceId, reload: props.reloadKey ?? 0 }),
    ({ officeId, serviceId }) =>
      unwrap(
        bookingApi.offices[':officeId'].services[':serviceId'].slots.$get({
          param: { officeId, serviceId: String(serviceId) },
          query: { days: DAYS_AHEAD },
        }),
      ),
  );
  const days = createMemo(() => {
    if (slots.state !== 'ready') return [];
    const out: { day: string; first: string; remaining: number; slots: Slot[] }[] = [];
    for (const s of slots()) {
      const d = dayOf(s.start, props.timeZone);
      let g = out.find((x) => x.day === d);
      if (!g) {
        g = { day: d, first: s.start, remaining: 0, slots: [] };
        out.push(g);
      }
      g.slots.push(s);
      if (s.start !== props.current) g.remaining += s.remaining;
    }
    return out;
  });
  const chosen = () => days().find((d) => d.day === props.day);
  const [focusDay, setFocusDay] = createSignal(false);
  const H = () => props.headingLevel ?? 'h2';

  return (
    <div class="slot-picker">
      <Show when={slots.state === 'errored'}>
        <p class="error" role="alert">
          {(slots.error as Error)?.message}
        </p>
      </Show>
      <Show when={slots.state === 'pending' || slots.state === 'refreshing'}>
        <p class="muted" role="status">
          {t('loading')}
        </p>
      </Show>
      <Show when={slots.state === 'ready'}>
        <Show
          when={chosen()}
          fallback={
            <>
              <Show when={H() === 'h2'} fallback={<h3>{t('chooseDay')}</h3>}>
                <h2>{t('chooseDay')}</h2>
              </Show>
              <Show when={days().length > 0} fallback={<p class="notice">{t('noDays')}</p>}>
                <ul class="choices days">
                  <For each={days()}>
                    {(d) => {
                      const label = shortDay(d.first, props.timeZone);
                      return (
                        <li>
                          <button
                            type="button"
                            class="choice day"
                            disabled={d.remaining === 0}
                            onClick={() => {
                              setFocusDay(true);
                              props.onDay(d.day);
                            }}
                          >
                            <span class="choice-title">
                              <span class="weekday">{label.weekday}</span> {label.date}
                            </span>
                            <span class="choice-sub">{d.remaining > 0 ? t('dayPlaces', { n: d.remaining }) : t('full')}</span>
                          </button>
                        </li>
                      );
                    }}
                  </For>
                </ul>
              </Show>
            </>
          }
        >
          {(d) => {
            const label = shortDay(d().first, props.timeZone);
            return (
              <>
                <Show
                  when={H() === 'h2'}
                  fallback={
                    <h3 tabindex="-1" ref={(el) => focusDay() && queueMicrotask(() => el.focus())}>
                      {t('chooseSlot')}: {label.weekday} {label.date}
                    </h3>
                  }
                >
                  <h2 tabindex="-1" ref={(el) => focusDay() && queueMicrotask(() => el.focus())}>
                    {t('chooseSlot')}: {label.weekday} {label.date}
                  </h2>
                </Show>
                <ul class="choices slots">
                  <For each={d().slots}>
                    {(s) => (
                      <li>
                        <button
                          type="button"
                          class="choice slot"
                          disabled={s.remaining === 0 || s.start === props.current}
                          onClick={() => props.onSlot(s)}
                        >
                          <span class="choice-title">
                            {hm(s.start, props.timeZone)}–{hm(s.end, props.timeZone)}
                          </span>
                          <span class="choice-sub">
                            {s.start === props.current
                              ? t('currentSlot')
                              : s.remaining > 0
                                ? t('placesLeft', { n: s.remaining })
                                : t('full')}
                          </span>
                        </button>
                      </li>
                    )}
                  </For>
                </ul>
              </>
            );
          }}
        </Show>
      </Show>
    </div>
  );
}
