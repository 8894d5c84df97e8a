// The open statistics (/open-data): per centre and ended day, visits, waits, satisfaction (hidden
// under 5 ratings), dossiers and feedback, from the API's daily rows; a chart per centre, the
// columns explained, CSV and JSON downloads of the same range.
import { createResource, createSignal, For, Show } from 'solid-js';
import { lang } from '../../web/i18n';
import { LangSwitch } from '../common/lang-switch';
import { FeedbackOpenData } from '../feedback/open-data-section';
import { t } from './open-data-text';
import './city.css';

type Row = Record<string, string | number | null> & {
  officeId: number;
  officeName: string;
  day: string;
  served: number;
  waitP90: number | null;
};
type Column = { key: string; vi: string; en: string };

async function getJson<T>(url: string): Promise<T> {
  const r = await fetch(url, { headers: { accept: 'application/json' } });
  if (!r.ok)
    throw new Error(((await r.json().catch(() => ({}))) as { error?: { message?: string } }).error?.message ?? String(r.status));
  return (await r.json()) as T;
}

const today = () => new Date().toISOString().slice(0, 10);
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Served per day as bars, the 90th percentile wait as a line: one small SVG per centre. */
function Chart(props: { rows: Row[]; label: string }) {
  const w = 640;
  const h = 160;
  const pad = 24;
  const maxServed = () => Math.max(1, ...props.rows.map((r) => r.served));
  const maxWait = () => Math.max(1, ...props.rows.map((r) => r.waitP90 ?? 0));
  const step = () => (w - 2 * pad) / Math.max(1, props.rows.length);
  const line = () =>
    props.rows
      .map((r, i) =>
        r.waitP90 === null
          ? null
          : `${pad + i * step() + step() / 2},${h - pad - ((r.waitP90 ?? 0) / maxWait()) * (h - 2 * pad)}`,
      )
      .filter(Boolean)
      .join(' ');
  return (
    <svg class="od-chart" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={props.label}>
      <For each={props.rows}>
        {(r, i) => {
          const bh = () => (r.served / maxServed()) * (h - 2 * pad);
          return (
            <rect x={pad + i() * step() + 2} y={h - pad - bh()} width={Math.max(1, step() - 4)} height={bh()} class="od-bar" />
          );
        }}
      </For>
      <polyline points={line()} class="od-line" fill="none" />
      <line x1={pad} y1={h - pad} x2={w - pad} y2={h - pad} class="od-axis" />
    </svg>
  );
}

export default function OpenDataPage() {
  const params = new URLSearchParams(location.search);
  const [to, setTo] = createSignal(params.get('to') ?? addDays(today(), -1));
  const [from, setFrom] = createSignal(params.get('from') ?? addDays(addDays(today(), -1), -29));
  const query = () => `from=${from()}&to=${to()}`;
  const [rows] = createResource(query, (q) => getJson<Row[]>(`/api/open-data/daily.json?${q}`));
  const [columns] = createResource(() => getJson<Column[]>('/api/open-data/columns'));
  document.title = t('title');

  const centres = () => {
    const by = new Map<number, Row[]>();
    for (const r of rows() ?? []) by.set(r.officeId, [...(by.get(r.officeId) ?? []), r]);
    return [...by.values()];
  };
  const shown = [
    'day',
    'issued',
    'served',
    'waitP50',
    'waitP90',
    'servedWithinTargetShare',
    'satisfactionIndex',
    'satisfactionResponses',
    'dossiersOnTimeRate',
  ];
  const label = (key: string) => {
    const c = columns()?.find((x) => x.key === key);
    return c ? (lang() === 'vi' ? c.vi : c.en) : key;
  };
  const cell = (v: string | number | null, key: string) =>
    v === null
      ? '—'
      : key.endsWith('Share') || key.endsWith('Index') || key.endsWith('Rate')
        ? `${Math.round(Number(v) * 100)}%`
        : String(v);

  return (
    <div class="city">
      <header class="topbar">
        <p class="title">{t('title')}</p>
        <LangSwitch />
      </header>
      <main class="page wide">
        <h1>{t('title')}</h1>
        <p>{t('intro')}</p>
        <form class="od-range" onSubmit={(e) => e.preventDefault()}>
          <label>
            <span>{t('from')}</span>
            <input type="date" value={from()} onChange={(e) => setFrom(e.currentTarget.value)} />
          </label>
          <label>
            <span>{t('to')}</span>
            <input type="date" value={to()} onChange={(e) => setTo(e.currentTarget.value)} />
          </label>
          <a class="btn secondary" href={`/api/open-data/daily.csv?${query()}`} download="">
            {t('csv')}
          </a>
          <a class="btn secondary" href={`/api/open-data/daily.json?${query()}`}>
            {t('json')}
          </a>
        </form>
        <Show when={rows.error}>
          <p role="alert">{String((rows.error as Error).message)}</p>
        </Show>
        <Show when={rows() && !rows()!.length}>
          <p>{t('empty')}</p>
        </Show>
        <For each={centres()}>
          {(list) => (
            <section class="od-centre" aria-labelledby={`od-${list[0]!.officeId}`}>
              <h2 id={`od-${list[0]!.officeId}`}>{list[0]!.officeName}</h2>
              <Chart rows={list} label={t('chart', { name: list[0]!.officeName })} />
              <p class="muted">{t('legend')}</p>
              <div class="od-table-wrap">
                <table class="od-table">
                  <thead>
                    <tr>
                      <For each={shown}>{(k) => <th scope="col">{label(k)}</th>}</For>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={list}>
                      {(r) => (
                        <tr>
                          <For each={shown}>{(k) => <td>{cell(r[k] ?? null, k)}</td>}</For>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </section>
          )}
        </For>
        <FeedbackOpenData query={query()} />
        <section aria-labelledby="od-columns">
          <h2 id="od-columns">{t('columns')}</h2>
          <dl class="od-columns">
            <For each={columns() ?? []}>
              {(c) => (
                <>
                  <dt>
                    <code>{c.key}</code>
                  </dt>
                  <dd>{lang() === 'vi' ? c.vi : c.en}</dd>
                </>
              )}
            </For>
          </dl>
          <p class="muted">{t('privacy')}</p>
        </section>
        <p>
          <a href="/city">{t('city')}</a>
        </p>
      </main>
    </div>
  );
}
