// "The earliest at any centre": beside the chosen centre's days, the first free slot of the same
// procedure (matched by its national code) at every centre of the city. Choosing one continues
// the same booking flow at that centre, on that day.
import { createResource, For, Show } from 'solid-js';
import { api, unwrap } from '../../web/api';
import { dayOf, hm, shortDay } from './format';
import { t } from './text';

export interface EarliestChoice {
  officeId: number;
  serviceId: number;
  day: string;
}

export function Earliest(props: { code: string; timeZone: string; currentOffice: string; onPick: (c: EarliestChoice) => void }) {
  const [list] = createResource(
    () => props.code,
    (code) => unwrap(api.city.earliest.$get({ query: { code } })).catch(() => []),
  );
  return (
    <Show when={(list() ?? []).length > 1 || (list() ?? []).some((x) => String(x.officeId) !== props.currentOffice)}>
      <section class="earliest" aria-labelledby="earliest-title">
        <h2 id="earliest-title">{t('earliestTitle')}</h2>
        <ul class="choices">
          <For each={list()}>
            {(x) => (
              <li>
                <button
                  type="button"
                  class="choice"
                  onClick={() =>
                    props.onPick({ officeId: x.officeId, serviceId: x.serviceId, day: dayOf(x.start, props.timeZone) })
                  }
                >
                  <span class="choice-title">
                    {shortDay(x.start, props.timeZone).weekday} {shortDay(x.start, props.timeZone).date},{' '}
                    {hm(x.start, props.timeZone)}
                  </span>
                  <span class="choice-sub">
                    {x.officeName}
                    {String(x.officeId) === props.currentOffice ? ` (${t('thisCentre')})` : ''} ·{' '}
                    {t('placesLeft', { n: x.remaining }).toLowerCase()}
                  </span>
                </button>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
