// The supervisor's staffing planner tab (capability 17): a coming day's plan per hour (counters
// to open, the expected p90 wait, idle share) beside Erlang C, with what-ifs. Advice only.
import { createSignal, For, type JSX, Show } from 'solid-js';
import { ApiError, api, unwrap } from '../../web/api';
import { t } from './planner-text';

const tz = 'Asia/Ho_Chi_Minh';
const localDay = (offsetDays: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(new Date(Date.now() + offsetDays * 86_400_000));
const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
const one = (x: number | null) => (x === null ? '—' : x.toFixed(1));

type Plan = Awaited<ReturnType<typeof load>>;

function load(officeId: number, query: Record<string, string>) {
  return unwrap(
    api.offices[':officeId'].planner.$get({ param: { officeId: String(officeId) }, query: query as { day: string } }),
  );
}

export default function PlannerTab(props: { officeId: number }): JSX.Element {
  const [day, setDay] = createSignal(localDay(7));
  const [closeCounter, setCloseCounter] = createSignal('');
  const [fromHour, setFromHour] = createSignal(10);
  const [arrivals, setArrivals] = createSignal(100);
  const [serviceId, setServiceId] = createSignal('');
  const [minutes, setMinutes] = createSignal(10);
  const [plan, setPlan] = createSignal<Plan | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');

  const run = async (e?: SubmitEvent) => {
    e?.preventDefault();
    setBusy(true);
    setError('');
    const query: Record<string, string> = { day: day() };
    if (closeCounter()) {
      query.closeCounterId = closeCounter();
      query.closeFromHour = String(fromHour());
    }
    if (arrivals() !== 100) query.arrivalFactor = String(arrivals() / 100);
    if (serviceId()) {
      query.serviceId = serviceId();
      query.serviceMinutes = String(minutes());
    }
    try {
      setPlan(await load(props.officeId, query));
    } catch (err) {
      setError(t('error', { m: err instanceof ApiError ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };
  void run();
  const numberOf = (id: number) => plan()?.counters.find((c) => c.id === id)?.number ?? id;

  return (
    <section class="sup-planner" aria-labelledby="pl-heading">
      <h2 id="pl-heading">{t('heading')}</h2>
      <p class="sup-note">{t('advice')}</p>
      <form class="sup-fb-form sup-planner-form" onSubmit={run}>
        <label for="pl-day">{t('day')}</label>
        <input id="pl-day" type="date" required value={day()} onInput={(e) => setDay(e.currentTarget.value)} />
        <fieldset>
          <legend>{t('whatIf')}</legend>
          <label for="pl-close">{t('closeCounter')}</label>
          <select id="pl-close" value={closeCounter()} onChange={(e) => setCloseCounter(e.currentTarget.value)}>
            <option value="">{t('none')}</option>
            <For each={plan()?.counters ?? []}>{(c) => <option value={String(c.id)}>{c.name}</option>}</For>
          </select>
          <label for="pl-from">{t('fromHour')}</label>
          <input
            id="pl-from"
            type="number"
            min={0}
            max={23}
            value={fromHour()}
            onInput={(e) => setFromHour(Number(e.currentTarget.value))}
          />
          <label for="pl-arrivals">{t('arrivals')}</label>
          <input
            id="pl-arrivals"
            type="number"
            min={10}
            max={500}
            step={5}
            value={arrivals()}
            onInput={(e) => setArrivals(Number(e.currentTarget.value))}
          />
          <label for="pl-service">{t('service')}</label>
          <select id="pl-service" value={serviceId()} onChange={(e) => setServiceId(e.currentTarget.value)}>
            <option value="">{t('none')}</option>
            <For each={plan()?.services ?? []}>{(s) => <option value={String(s.id)}>{s.name}</option>}</For>
          </select>
          <label for="pl-minutes">{t('minutes')}</label>
          <input
            id="pl-minutes"
            type="number"
            min={1}
            max={240}
            value={minutes()}
            onInput={(e) => setMinutes(Number(e.currentTarget.value))}
          />
        </fieldset>
        <button type="submit" class="sup-btn" disabled={busy()}>
          {busy() ? t('running') : t('run')}
        </button>
      </form>
      <Show when={error()}>
        <p role="alert" class="sup-error">
          {error()}
        </p>
      </Show>
      <Show when={plan()}>
        {(p) => (
          <>
            <p>{t('target', { n: p().targetMinutes })}</p>
            <p>{p().historyDays.length ? t('history', { n: p().historyDays.length, b: p().bookings }) : t('noHistory')}</p>
            <Show when={p().closed}>
              <p>{t('closed')}</p>
            </Show>
            <Show when={p().unmet.length}>
              <p role="status" class="sup-warn">
                {t('unmet', { hours: p().unmet.map(hh).join(', ') })}
              </p>
            </Show>
            <Show when={p().hours.length}>
              <table class="sup-table sup-plan">
                <caption>{t('heading')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('hour')}</th>
                    <th scope="col">{t('expected')}</th>
                    <th scope="col">{t('counters')}</th>
                    <th scope="col">{t('which')}</th>
                    <th scope="col">{t('p90')}</th>
                    <th scope="col">{t('idle')}</th>
                    <th scope="col">{t('erlang')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={p().hours}>
                    {(h) => {
                      const differs = h.erlang.neededCounters !== null && h.erlang.neededCounters !== h.counters;
                      return (
                        <tr classList={{ 'sup-plan-unmet': p().unmet.includes(h.hour) }}>
                          <th scope="row">{hh(h.hour)}</th>
                          <td class="n">{h.arrivals.toFixed(1)}</td>
                          <td class="n">{h.counters}</td>
                          <td>{h.counterIds.map(numberOf).join(', ')}</td>
                          <td class="n">{one(h.p90Minutes)}</td>
                          <td class="n">{h.idleShare === null ? '—' : `${Math.round(h.idleShare * 100)}%`}</td>
                          <td>
                            {h.erlang.p90Minutes === null ? t('unstable') : one(h.erlang.p90Minutes)} /{' '}
                            {h.erlang.neededCounters ?? '—'}
                            <Show when={differs}>
                              {' '}
                              <em class="sup-differs">({t('differs')})</em>
                            </Show>
                          </td>
                        </tr>
                      );
                    }}
                  </For>
                </tbody>
              </table>
              <p class="sup-note">{t('erlangNote')}</p>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
