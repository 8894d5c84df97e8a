// The dossier part of the supervisor's report for a range of days: received, resolved, early /
// on time / late, the national indicator "tỷ lệ hồ sơ giải quyết đúng hạn", days late, open late,
// apologies and requests for papers; by sector, procedure, unit and officer; the satisfaction of
// residents whose dossier was late against those on time; the late dossiers themselves; CSV/XLSX.
import { createResource, For, type JSX, Show } from 'solid-js';
import { api, unwrap } from '../../web/api';
import { fmt, pct } from '../supervisor/format';
import { t } from './report-text';

const load = (q: { officeId: number; from: string; to: string }) =>
  unwrap(
    api.offices[':officeId']['dossier-stats'].$get({
      param: { officeId: String(q.officeId) },
      query: { from: q.from, to: q.to },
    }),
  );
type Stats = Awaited<ReturnType<typeof load>>;
type Group = Stats['bySector'][number];

export function DossierReport(props: { officeId: number; from: string; to: string }): JSX.Element {
  const [stats] = createResource(() => ({ officeId: props.officeId, from: props.from, to: props.to }), load);
  const file = (ext: string) => `/api/offices/${props.officeId}/dossier-stats.${ext}?from=${props.from}&to=${props.to}`;
  return (
    <section class="sup-section dz-report" aria-labelledby="dz-report-title">
      <h3 id="dz-report-title">{t('title')}</h3>
      <p class="dz-report-files">
        <a class="sup-btn quiet" href={file('csv')} download="">
          {t('csv')}
        </a>
        <a class="sup-btn quiet" href={file('xlsx')} download="">
          {t('xlsx')}
        </a>
      </p>
      <Show when={stats.error}>
        <p role="alert" class="sup-error">
          {String(stats.error?.message ?? stats.error)}
        </p>
      </Show>
      <Show when={stats()}>
        {(s) => (
          <>
            <div class="sup-cards" data-testid="dossier-cards">
              <Card
                label={t('onTimeRate')}
                value={pct(s().onTimeRate)}
                sub={t('onTimeSub', { a: s().early + s().onTime, b: s().early + s().onTime + s().late })}
              />
              <Card label={t('received')} value={fmt(s().received, 0)} />
              <Card
                label={t('resolved')}
                value={fmt(s().resolved, 0)}
                sub={t('resolvedSub', { e: s().early, o: s().onTime, l: s().late })}
              />
              <Card label={t('openLate')} value={fmt(s().openLate, 0)} late={s().openLate > 0} />
              <Card label={t('meanDaysLate')} value={fmt(s().meanDaysLate, 1)} />
              <Card
                label={t('apologies')}
                value={fmt(s().apologies, 0)}
                sub={t('supplementsSub', { n: s().supplementRequests })}
              />
              <Card
                label={t('satLate')}
                value={pct(s().satisfaction.late.index)}
                sub={t('satVs', { v: pct(s().satisfaction.onTime.index), n: s().satisfaction.late.responses })}
              />
            </div>
            <Table title={t('bySector')} rows={s().bySector} />
            <Table title={t('byService')} rows={s().byService} />
            <Table title={t('byUnit')} rows={s().byUnit} />
            <Table title={t('byOfficer')} rows={s().byOfficer} />
            <Show when={s().lateDossiers.length > 0}>
              <h4>{t('lateList')}</h4>
              <ul class="dz-late-list">
                <For each={s().lateDossiers.slice(0, 50)}>
                  {(d) => (
                    <li>
                      <strong>{d.code}</strong> · {d.serviceName} · {d.unitName ?? t('reception')} ·{' '}
                      {t('daysLate', { n: d.daysLate })}
                      <Show when={d.apologised}> · {t('apologised')}</Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}

function Card(props: { label: string; value: string; sub?: string; late?: boolean }): JSX.Element {
  return (
    <div class="sup-card" classList={{ 'sup-late': props.late }}>
      <span class="sup-card-label">{props.label}</span>
      <span class="sup-card-value">{props.value}</span>
      <Show when={props.sub}>
        <span class="sup-card-sub">{props.sub}</span>
      </Show>
    </div>
  );
}

function Table(props: { title: string; rows: Group[] }): JSX.Element {
  const id = `dz-t-${props.title.replace(/\W+/g, '-')}`;
  return (
    <Show when={props.rows.length > 0}>
      <h4 id={id}>{props.title}</h4>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard (WCAG 2.1.1) */}
      {/* biome-ignore lint/a11y/useSemanticElements: the region is the scroll box, the section above is the landmark */}
      <div class="sup-scroll" tabIndex={0} role="region" aria-labelledby={id}>
        <table class="sup-table">
          <thead>
            <tr>
              <th scope="col">{props.title}</th>
              <th scope="col" class="num">
                {t('received')}
              </th>
              <th scope="col" class="num">
                {t('resolved')}
              </th>
              <th scope="col" class="num">
                {t('early')}
              </th>
              <th scope="col" class="num">
                {t('onTime')}
              </th>
              <th scope="col" class="num">
                {t('late')}
              </th>
              <th scope="col" class="num">
                {t('onTimeRate')}
              </th>
              <th scope="col" class="num">
                {t('openLate')}
              </th>
              <th scope="col" class="num">
                {t('daysLateCol')}
              </th>
              <th scope="col" class="num">
                {t('apologies')}
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.rows}>
              {(g) => (
                <tr classList={{ 'sup-late': g.openLate > 0 }}>
                  <th scope="row">{g.name}</th>
                  <td class="num">{g.received}</td>
                  <td class="num">{g.resolved}</td>
                  <td class="num">{g.early}</td>
                  <td class="num">{g.onTime}</td>
                  <td class="num">{g.late}</td>
                  <td class="num">{pct(g.onTimeRate)}</td>
                  <td class="num">{g.openLate}</td>
                  <td class="num">{g.daysLate}</td>
                  <td class="num">{g.apologies}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}
