// The city leaders' view (/counter/city): every centre side by side for a period, worst first,
// with the change against the period before; a chart where a glance says more than the table;
// CSV/XLSX; each centre drills down to its own reports (the supervisor screen, read-only for a
// city leader), then to its procedures, counters and officers there.
import { createResource, createSignal, For, type JSX, Match, Show, Switch } from 'solid-js';
import { api, unwrap } from '../../web/api';
import { lang } from '../../web/i18n';
import { ScreenHeader } from '../supervisor/header';
import { t } from './text';
import '../supervisor/supervisor.css';
import './leaders.css';
import { signedInUser } from '../signed-in';

const today = () => new Date().toISOString().slice(0, 10);
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`);
const num = (x: number | null | undefined) => (x === null || x === undefined ? '—' : String(x));
/** A change with its sign, and whether it is better: for waits lower is better. */
function Delta(props: { value: number | null; percent?: boolean; lowerIsBetter?: boolean }): JSX.Element {
  return (
    <Show when={props.value !== null && props.value !== 0}>
      {(() => {
        const v = props.value!;
        const better = props.lowerIsBetter ? v < 0 : v > 0;
        const text = props.percent ? `${v > 0 ? '+' : ''}${Math.round(v * 100)}` : `${v > 0 ? '+' : ''}${v}`;
        return (
          <span class={`ld-delta ${better ? 'better' : 'worse'}`} title={t('change')}>
            {better ? '▲' : '▼'} {text}
            {props.percent ? (lang() === 'vi' ? ' điểm %' : ' pts') : ''}
          </span>
        );
      })()}
    </Show>
  );
}

export default function LeadersApp(): JSX.Element {
  const [me] = createResource(signedInUser);
  const params = new URLSearchParams(location.search);
  const [to, setTo] = createSignal(params.get('to') ?? addDays(today(), -1));
  const [from, setFrom] = createSignal(params.get('from') ?? addDays(addDays(today(), -1), -29));
  const allowed = () => {
    const u = me();
    return !!u && (u.role === 'city' || (u.role === 'admin' && u.officeId === null));
  };
  const [data] = createResource(
    () => (allowed() ? { from: from(), to: to() } : false),
    (q) => unwrap(api.city.compare.$get({ query: q })),
  );
  document.title = t('title');
  const query = () => `from=${from()}&to=${to()}`;

  return (
    <div class="sup" lang={lang()}>
      <ScreenHeader title={t('title')} back={t('back')} language={t('language')} />
      <Switch fallback={<main class="sup-main">{t('loading')}</main>}>
        <Match when={me.state === 'ready' && !me()}>
          <main class="sup-main sup-gate">
            <p>{t('signInNeeded')}</p>
            <a class="sup-btn" href="/counter/login?next=/counter/city">
              {t('signIn')}
            </a>
          </main>
        </Match>
        <Match when={me() && !allowed()}>
          <main class="sup-main sup-gate">
            <p>{t('notAllowed')}</p>
          </main>
        </Match>
        <Match when={allowed()}>
          <main class="sup-main">
            <p>{t('intro')}</p>
            <form class="ld-range" onSubmit={(e) => e.preventDefault()}>
              <label>
                <span>{t('from')}</span>
                <input type="date" value={from()} onChange={(e) => setFrom(e.currentTarget.value)} />
              </label>
              <label>
                <span>{t('to')}</span>
                <input type="date" value={to()} onChange={(e) => setTo(e.currentTarget.value)} />
              </label>
              <a class="sup-btn quiet" href={`/api/city/compare.csv?${query()}`} download="">
                {t('csv')}
              </a>
              <a class="sup-btn quiet" href={`/api/city/compare.xlsx?${query()}`} download="">
                {t('xlsx')}
              </a>
            </form>
            <Show when={data.error}>
              <p role="alert">{String((data.error as Error).message)}</p>
            </Show>
            <Show when={data()}>
              {(d) => (
                <>
                  <section aria-labelledby="ld-chart-title" class="ld-card">
                    <h2 id="ld-chart-title">{t('chartTitle')}</h2>
                    <ul class="ld-bars">
                      <For each={d().centres}>
                        {(c) => (
                          <li>
                            <span class="ld-bar-name">{c.officeName}</span>
                            <span class="ld-bar-track" aria-hidden="true">
                              <span
                                class="ld-bar sat"
                                style={{ width: `${Math.round((c.current.satisfactionIndex ?? 0) * 100)}%` }}
                              />
                            </span>
                            <span class="ld-bar-value">
                              {t('satisfaction')}: {pct(c.current.satisfactionIndex)} · {t('waitP90')}: {num(c.current.waitP90)}
                            </span>
                          </li>
                        )}
                      </For>
                    </ul>
                  </section>
                  <div class="ld-table-wrap">
                    <table class="ld-table">
                      <caption>
                        {d().from} – {d().to} ({t('change')}: {d().previous.from} – {d().previous.to})
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('centre')}</th>
                          <th scope="col">{t('served')}</th>
                          <th scope="col">{t('satisfaction')}</th>
                          <th scope="col">{t('waitP90')}</th>
                          <th scope="col">{t('withinTarget')}</th>
                          <th scope="col">{t('noShows')}</th>
                          <th scope="col">{t('onTime')}</th>
                          <th scope="col">{t('feedbackLate')}</th>
                          <th scope="col">{t('factors')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={d().centres}>
                          {(c) => (
                            <tr>
                              <th scope="row">
                                <a href={`/counter/supervisor?office=${c.officeId}&tab=reports&from=${d().from}&to=${d().to}`}>
                                  {c.officeName}
                                </a>
                              </th>
                              <td>{c.current.served}</td>
                              <td>
                                {pct(c.current.satisfactionIndex)} <Delta value={c.change.satisfactionIndex} percent />
                              </td>
                              <td>
                                {num(c.current.waitP90)} <Delta value={c.change.waitP90} lowerIsBetter />
                              </td>
                              <td>
                                {pct(c.current.servedWithinTargetShare)}{' '}
                                <Delta value={c.change.servedWithinTargetShare} percent />
                              </td>
                              <td>
                                {pct(c.current.noShowRate)} <Delta value={c.change.noShowRate} percent lowerIsBetter />
                              </td>
                              <td>
                                {pct(c.current.dossiersOnTimeRate)} <Delta value={c.change.dossiersOnTimeRate} percent />
                              </td>
                              <td>{c.current.feedbackLate}</td>
                              <td>
                                {Object.entries(c.current.factors as Record<string, number | null>)
                                  .map(([k, v]) => `${k} ${v ?? '—'}`)
                                  .join(', ') || '—'}
                              </td>
                            </tr>
                          )}
                        </For>
                      </tbody>
                      <tfoot>
                        <tr>
                          <th scope="row">{t('city')}</th>
                          <td>{d().city.served}</td>
                          <td>{pct(d().city.satisfactionIndex)}</td>
                          <td>{num(d().city.waitP90)}</td>
                          <td>{pct(d().city.servedWithinTargetShare)}</td>
                          <td>{pct(d().city.noShowRate)}</td>
                          <td>{pct(d().city.dossiersOnTimeRate)}</td>
                          <td>{d().city.feedbackLate}</td>
                          <td />
                        </tr>
                      </tfoot>
                    </table>
                  </div>
                </>
              )}
            </Show>
          </main>
        </Match>
      </Switch>
    </div>
  );
}
