// The supervisor's outreach tab: schedule a session (place, day and hours, capacity, procedures),
// the upcoming ones with a link to the laptop's outreach mode, and the last 30 days' report
// (sessions held, residents helped, online filings, electronic IDs, satisfaction; at the centre,
// the assisted filings' share).
import { createResource, createSignal, For, type JSX, Show } from 'solid-js';
import { api, unwrap } from '../../web/api';
import { formatDate, formatTime } from '../../web/i18n';
import { t } from './outreach-text';

const tz = 'Asia/Ho_Chi_Minh';
/** A local day and HH:MM in Ha Noi (UTC+7, no DST) as an ISO instant. */
const instant = (day: string, hm: string) => new Date(`${day}T${hm}:00+07:00`).toISOString();
const localDay = (offsetDays: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(new Date(Date.now() + offsetDays * 86_400_000));

export default function OutreachTab(props: { officeId: number }): JSX.Element {
  const param = { officeId: String(props.officeId) };
  const [services] = createResource(() => unwrap(api.offices[':officeId'].services.$get({ param })));
  const [upcoming, { refetch }] = createResource(() => unwrap(api.outreach.$get({ query: { office: param.officeId } })));
  const [report] = createResource(() =>
    unwrap(api.offices[':officeId']['outreach-report'].$get({ param, query: { from: localDay(-30), to: localDay(0) } })),
  );
  const [place, setPlace] = createSignal('');
  const [address, setAddress] = createSignal('');
  const [day, setDay] = createSignal(localDay(7));
  const [from, setFrom] = createSignal('08:00');
  const [to, setTo] = createSignal('11:30');
  const [capacity, setCapacity] = createSignal(30);
  const [chosen, setChosen] = createSignal<number[]>([]);
  const [message, setMessage] = createSignal('');
  const [error, setError] = createSignal('');

  const schedule = async (e: SubmitEvent) => {
    e.preventDefault();
    setError('');
    setMessage('');
    try {
      await unwrap(
        api.offices[':officeId'].outreach.$post({
          param,
          json: {
            placeName: place(),
            address: address(),
            startsAt: instant(day(), from()),
            endsAt: instant(day(), to()),
            capacity: capacity(),
            serviceIds: chosen(),
          },
        }),
      );
      setMessage(t('saved'));
      setPlace('');
      setAddress('');
      void refetch();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`);

  return (
    <>
      <h2>{t('heading')}</h2>
      <Show when={report()}>
        {(r) => (
          <section aria-labelledby="or-report">
            <h3 id="or-report">{t('report')}</h3>
            <dl class="sup-kpis">
              <div>
                <dt>{t('held')}</dt>
                <dd>{r().sessionsHeld}</dd>
              </div>
              <div>
                <dt>{t('helped')}</dt>
                <dd>{r().residentsHelped}</dd>
              </div>
              <div>
                <dt>{t('filed')}</dt>
                <dd>{r().filedOnline}</dd>
              </div>
              <div>
                <dt>{t('eid')}</dt>
                <dd>{r().eidSetUp}</dd>
              </div>
              <div>
                <dt>{t('satisfaction')}</dt>
                <dd>{pct(r().satisfactionIndex)}</dd>
              </div>
              <div>
                <dt>{t('assisted')}</dt>
                <dd>
                  {r().centre.assistedFilings} / {r().centre.served} ({pct(r().centre.assistedShare)})
                </dd>
              </div>
            </dl>
          </section>
        )}
      </Show>
      <section aria-labelledby="or-upcoming">
        <h3 id="or-upcoming">{t('upcoming')}</h3>
        <Show when={upcoming()?.length} fallback={<p>{t('none')}</p>}>
          <ul class="sup-inbox">
            <For each={upcoming()}>
              {(s) => (
                <li class="sup-fb">
                  <strong>{s.placeName}</strong> · {s.address} · {formatDate(s.startsAt)} {formatTime(s.startsAt)}–
                  {formatTime(s.endsAt)} · {t('left', { n: s.remaining, c: s.capacity })} ·{' '}
                  <a href={`/counter/outreach?session=${s.id}`}>{t('open')}</a>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
      <form class="sup-fb-form sup-outreach-form" onSubmit={schedule}>
        <h3>{t('schedule')}</h3>
        <label for="or-place">{t('place')}</label>
        <input id="or-place" required maxLength={200} value={place()} onInput={(e) => setPlace(e.currentTarget.value)} />
        <label for="or-address">{t('address')}</label>
        <input id="or-address" required maxLength={300} value={address()} onInput={(e) => setAddress(e.currentTarget.value)} />
        <label for="or-day">{t('day')}</label>
        <input id="or-day" type="date" required value={day()} onInput={(e) => setDay(e.currentTarget.value)} />
        <label for="or-from">{t('from')}</label>
        <input id="or-from" type="time" required value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
        <label for="or-to">{t('to')}</label>
        <input id="or-to" type="time" required value={to()} onInput={(e) => setTo(e.currentTarget.value)} />
        <label for="or-capacity">{t('capacity')}</label>
        <input
          id="or-capacity"
          type="number"
          min={1}
          max={10000}
          value={capacity()}
          onInput={(e) => setCapacity(Number(e.currentTarget.value))}
        />
        <fieldset>
          <legend>{t('procedures')}</legend>
          <For each={services() ?? []}>
            {(s) => (
              <label class="sup-check">
                <input
                  type="checkbox"
                  checked={chosen().includes(s.id)}
                  onChange={(e) => setChosen((c) => (e.currentTarget.checked ? [...c, s.id] : c.filter((x) => x !== s.id)))}
                />
                {s.name}
              </label>
            )}
          </For>
        </fieldset>
        <button type="submit" class="sup-btn" disabled={!place().trim() || !address().trim() || !chosen().length}>
          {t('save')}
        </button>
        <Show when={message()}>
          <p role="status">{message()}</p>
        </Show>
        <Show when={error()}>
          <p role="alert" class="sup-error">
            {error()}
          </p>
        </Show>
      </form>
    </>
  );
}
