// The feedback channel in the open statistics (/open-data): per centre (or the city) and category,
// the feedback received in the period, answered, answered on time, late and still open, from
// GET /api/open-data/feedback.json. Counts only: nothing personal.
import { createResource, For, Show } from 'solid-js';
import { t } from './text';

type Row = {
  officeId: number | null;
  officeName: string | null;
  category: string;
  received: number;
  answered: number;
  answeredOnTime: number;
  late: number;
  open: number;
};

export function FeedbackOpenData(props: { query: string }) {
  const [rows] = createResource(
    () => props.query,
    async (q) => {
      const r = await fetch(`/api/open-data/feedback.json?${q}`, { headers: { accept: 'application/json' } });
      return r.ok ? ((await r.json()) as Row[]) : [];
    },
  );
  return (
    <section aria-labelledby="od-feedback">
      <h2 id="od-feedback">{t('odTitle')}</h2>
      <p>
        <a class="btn secondary" href={`/api/open-data/feedback.csv?${props.query}`} download="">
          CSV
        </a>{' '}
        <a class="btn secondary" href={`/api/open-data/feedback.json?${props.query}`}>
          JSON
        </a>
      </p>
      <Show when={rows()?.length} fallback={<p>{t('odEmpty')}</p>}>
        <div class="od-table-wrap">
          <table class="od-table">
            <thead>
              <tr>
                <th scope="col">{t('odCentre')}</th>
                <th scope="col">{t('category')}</th>
                <th scope="col">{t('odReceived')}</th>
                <th scope="col">{t('odAnswered')}</th>
                <th scope="col">{t('odOnTime')}</th>
                <th scope="col">{t('odLate')}</th>
                <th scope="col">{t('odOpen')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(r) => (
                  <tr>
                    <td>{r.officeName ?? t('theCity')}</td>
                    <td>{t(`cat_${r.category}` as 'cat_other')}</td>
                    <td>{r.received}</td>
                    <td>{r.answered}</td>
                    <td>{r.answeredOnTime}</td>
                    <td>{r.late}</td>
                    <td>{r.open}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}
