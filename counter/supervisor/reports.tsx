// Reports for a range of office-local days: headline figures, four charts (Chart.js, loaded
// only here), tables by service, counter, officer and day, and the CSV/XLSX downloads.
import { createEffect, createResource, createSignal, For, type JSX, on, onCleanup, Show } from 'solid-js';
import { api, unwrap } from '../../web/api';
import { lang } from '../../web/i18n';
import { DossierReport } from '../dossiers/DossierReport';
import '../dossiers/board.css';
import { fmt, pct } from './format';
import { t } from './text';

const loadStats = (q: { officeId: number; from: string; to: string }) =>
  unwrap(api.offices[':officeId'].stats.$get({ param: { officeId: String(q.officeId) }, query: { from: q.from, to: q.to } }));
type Stats = Awaited<ReturnType<typeof loadStats>>;
type Group = Omit<Stats['byDay'][number], 'day'>;

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());

export default function Reports(props: { officeId: number; from: string | null; to: string | null }): JSX.Element {
  const [from, setFrom] = createSignal(props.from ?? today());
  const [to, setTo] = createSignal(props.to ?? props.from ?? today());
  const [query, setQuery] = createSignal({ officeId: props.officeId, from: from(), to: to() });
  const [stats] = createResource(query, loadStats);
  const file = (ext: string) => `/api/offices/${query().officeId}/stats.${ext}?from=${query().from}&to=${query().to}`;

  return (
    <>
      <h2 class="visually-hidden">{t('reports')}</h2>
      <form
        class="sup-range"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ officeId: props.officeId, from: from(), to: to() });
        }}
      >
        <label>
          <span>{t('from')}</span>
          <input type="date" name="from" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} required />
        </label>
        <label>
          <span>{t('to')}</span>
          <input type="date" name="to" value={to()} onInput={(e) => setTo(e.currentTarget.value)} required />
        </label>
        <button type="submit" class="sup-btn">
          {t('show')}
        </button>
        <a class="sup-btn quiet" href={file('csv')} download="">
          {t('downloadCsv')}
        </a>
        <a class="sup-btn quiet" href={file('xlsx')} download="">
          {t('downloadXlsx')}
        </a>
      </form>
      <Show when={stats.error}>
        <p role="alert" class="sup-error">
          {String(stats.error?.message ?? stats.error)}
        </p>
      </Show>
      <Show when={stats()} fallback={<p>{stats.loading ? t('loading') : ''}</p>}>
        {(s) => <Report stats={s()} />}
      </Show>
      <DossierReport officeId={query().officeId} from={query().from} to={query().to} />
    </>
  );
}

function Report(props: { stats: Stats }): JSX.Element {
  const s = () => props.stats;
  const cards = (): [string, string, string?][] => [
    [t('issued'), fmt(s().tickets.issued, 0)],
    [t('served'), fmt(s().tickets.served, 0)],
    [t('noShow'), fmt(s().tickets.noShow, 0)],
    [t('cancelled'), fmt(s().tickets.cancelled, 0)],
    [t('waitMean'), mins(s().waitMinutes.mean), `P50 ${mins(s().waitMinutes.p50)} · P90 ${mins(s().waitMinutes.p90)}`],
    [
      t('serviceMean'),
      mins(s().serviceMinutes.mean),
      `P50 ${mins(s().serviceMinutes.p50)} · P90 ${mins(s().serviceMinutes.p90)}`,
    ],
    [t('withinTarget', { n: s().targetWaitMinutes }), pct(s().servedWithinTarget)],
    [
      t('satIndex'),
      pct(s().satisfaction.index),
      `${t('responses')}: ${s().satisfaction.responses} · ${t('satMean')}: ${fmt(s().satisfaction.mean, 2)}`,
    ],
    [t('bookingUse'), pct(s().booking.use), `${fmt(s().booking.booked, 0)} / ${fmt(s().booking.capacity, 0)}`],
    [t('bookingNoShow'), pct(s().booking.noShowRate)],
    [t('etaError'), mins(s().etaAccuracy.overall.maeMinutes)],
  ];
  return (
    <>
      <section class="sup-cards" aria-label={t('reports')}>
        <For each={cards()}>
          {([label, value, sub]) => (
            <div class="sup-card">
              <span class="sup-card-label">{label}</span>
              <span class="sup-card-value">{value}</span>
              <Show when={sub}>
                <span class="sup-card-sub">{sub}</span>
              </Show>
            </div>
          )}
        </For>
      </section>
      <Show when={s().tickets.issued > 0} fallback={<p>{t('noData')}</p>}>
        <Charts stats={s()} />
        <GroupTable title={t('byService')} first={t('service')} rows={s().byService.map((g) => [g.name, g] as const)} />
        <GroupTable
          title={t('byCounter')}
          first={t('counter')}
          rows={s().byCounter.map((g) => [t('counterN', { n: g.number }), g] as const)}
          desk
        />
        <GroupTable title={t('byOfficer')} first={t('officer')} rows={s().byOfficer.map((g) => [g.name, g] as const)} desk />
        <GroupTable title={t('byDay')} first={t('day')} rows={s().byDay.map((g) => [g.day, g] as const)} />
        <p class="sup-muted">{t('percentileNote')}</p>
      </Show>
    </>
  );
}

const mins = (x: number | null) => (x === null ? '—' : t('minutes', { n: fmt(x, 1) }));

function GroupTable(props: { title: string; first: string; rows: (readonly [string, Group])[]; desk?: boolean }): JSX.Element {
  const id = `sup-t-${props.title.replace(/\W+/g, '-')}`;
  return (
    <section class="sup-section" aria-labelledby={id}>
      <h3 id={id}>{props.title}</h3>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard (WCAG 2.1.1) */}
      {/* biome-ignore lint/a11y/useSemanticElements: the region is the scroll box, the section above is the landmark */}
      <div class="sup-scroll" tabIndex={0} role="region" aria-labelledby={id}>
        <table class="sup-table">
          <thead>
            <tr>
              <th scope="col">{props.first}</th>
              <th scope="col" class="num">
                {props.desk ? t('handled') : t('issued')}
              </th>
              <th scope="col" class="num">
                {t('served')}
              </th>
              <th scope="col" class="num">
                {t('noShow')}
              </th>
              <th scope="col" class="num">
                {t('waitMean')}
              </th>
              <th scope="col" class="num">
                {t('waitP50')}
              </th>
              <th scope="col" class="num">
                {t('waitP90')}
              </th>
              <th scope="col" class="num">
                {t('serviceMean')}
              </th>
              <th scope="col" class="num">
                {t('serviceP90')}
              </th>
              <th scope="col" class="num">
                {t('responses')}
              </th>
              <th scope="col" class="num">
                {t('satIndex')}
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.rows}>
              {([name, g]) => (
                <tr>
                  <th scope="row">{name}</th>
                  <td class="num">{g.issued}</td>
                  <td class="num">{g.served}</td>
                  <td class="num">{g.noShow}</td>
                  <td class="num">{fmt(g.waitMinutes.mean)}</td>
                  <td class="num">{fmt(g.waitMinutes.p50)}</td>
                  <td class="num">{fmt(g.waitMinutes.p90)}</td>
                  <td class="num">{fmt(g.serviceMinutes.mean)}</td>
                  <td class="num">{fmt(g.serviceMinutes.p90)}</td>
                  <td class="num">{g.satisfaction.responses}</td>
                  <td class="num">{pct(g.satisfaction.index)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Four charts drawn by Chart.js (a lazy chunk); each canvas is described for screen readers
 * and the same numbers are in the tables below. */
function Charts(props: { stats: Stats }): JSX.Element {
  const canvases: HTMLCanvasElement[] = [];
  let destroy: (() => void) | undefined;
  createEffect(
    on([() => props.stats, lang], async ([s]) => {
      const { drawCharts } = await import('./charts');
      destroy?.();
      const counters = s.byCounter.filter((c) => c.satisfaction.responses > 0);
      destroy = drawCharts(canvases, {
        wait: {
          labels: s.waitHistogram.map((b) => (b.toMinutes === null ? `${b.fromMinutes}+` : `${b.fromMinutes}–${b.toMinutes}`)),
          values: s.waitHistogram.map((b) => b.count),
          label: t('served'),
        },
        hours: {
          labels: s.byHour.map((h) => `${String(h.hour).padStart(2, '0')}:00`),
          arrivals: s.byHour.map((h) => h.issued),
          finished: s.byHour.map((h) => h.finished),
          arrivalsLabel: t('arrivals'),
          finishedLabel: t('finished'),
        },
        counters: {
          labels: counters.map((c) => t('counterN', { n: c.number })),
          values: counters.map((c) => Math.round((c.satisfaction.index ?? 0) * 1000) / 10),
          label: t('satIndex'),
        },
        bands: {
          labels: s.satisfactionByWaitBand.map((b) => t('minutes', { n: b.band })),
          values: s.satisfactionByWaitBand.map((b) => (b.index === null ? 0 : Math.round(b.index * 1000) / 10)),
          label: t('satIndex'),
        },
      });
    }),
  );
  onCleanup(() => destroy?.());
  const describe = (labels: string[], values: number[]) => labels.map((l, i) => `${l}: ${values[i]}`).join('; ');
  const s = () => props.stats;
  return (
    <div class="sup-charts">
      <figure>
        <figcaption>{t('chartWait')}</figcaption>
        <canvas
          ref={(el) => (canvases[0] = el)}
          role="img"
          aria-label={`${t('chartWait')}: ${describe(
            s().waitHistogram.map((b) => `${b.fromMinutes}${b.toMinutes === null ? '+' : `–${b.toMinutes}`}`),
            s().waitHistogram.map((b) => b.count),
          )}`}
        />
      </figure>
      <figure>
        <figcaption>{t('chartHours')}</figcaption>
        <canvas
          ref={(el) => (canvases[1] = el)}
          role="img"
          aria-label={`${t('chartHours')}: ${s()
            .byHour.map((h) => `${h.hour}h ${h.issued}/${h.finished}`)
            .join('; ')}`}
        />
      </figure>
      <figure>
        <figcaption>{t('chartCounters')}</figcaption>
        <canvas
          ref={(el) => (canvases[2] = el)}
          role="img"
          aria-label={`${t('chartCounters')}: ${s()
            .byCounter.map((c) => `${c.number}: ${pct(c.satisfaction.index)}`)
            .join('; ')}`}
        />
      </figure>
      <figure>
        <figcaption>{t('chartBands')}</figcaption>
        <canvas
          ref={(el) => (canvases[3] = el)}
          role="img"
          aria-label={`${t('chartBands')}: ${s()
            .satisfactionByWaitBand.map((b) => `${b.band}: ${pct(b.index)}`)
            .join('; ')}`}
        />
      </figure>
    </div>
  );
}
