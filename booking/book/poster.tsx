// A printable A4 poster for the office's door and waiting room: a big QR code to
// /book?office=N and four short steps in Vietnamese (English below, smaller).
import { createResource, For, Show } from 'solid-js';
import { api, unwrap } from '../../web/api';
import { screenOffice } from '../../web/office';
import { QrCode } from '../common/qr-code';
import { dict } from './text';
import './poster.css';

async function load() {
  const officeId = await screenOffice();
  const settings = await unwrap(api.offices[':officeId'].settings.public.$get({ param: { officeId: String(officeId) } }));
  return { officeId, settings, url: `${location.origin}/book?office=${officeId}` };
}

// The poster is Vietnamese whatever language this browser last used.
const vi = (key: keyof typeof dict) => dict[key].vi;

export default function Poster() {
  const [data] = createResource(load);
  document.title = 'Áp phích đặt lịch hẹn';
  document.documentElement.lang = 'vi';
  const d = () => (data.state === 'ready' ? data() : undefined);
  const steps = ['posterStep1', 'posterStep2', 'posterStep3', 'posterStep4'] as const;
  return (
    <main class="poster">
      <Show when={data.state === 'errored'}>
        <p class="error">{(data.error as Error).message}</p>
      </Show>
      <Show when={d()}>
        {(p) => (
          <article class="sheet">
            <p class="office">{p().settings.name}</p>
            <h1>{vi('posterTitle')}</h1>
            <p class="lead">{vi('posterLead')}</p>
            <QrCode class="poster-qr" text={p().url} label={vi('posterQr')} margin={1} />
            <ol class="steps">
              <For each={steps}>{(k) => <li>{vi(k)}</li>}</For>
            </ol>
            <p class="url">
              {vi('posterOr')}: <strong>{p().url.replace(/^https?:\/\//, '')}</strong>
            </p>
            <p class="address">{p().settings.address}</p>
            <p class="no-print">
              <button type="button" class="btn primary" onClick={() => window.print()}>
                {vi('print')}
              </button>
            </p>
          </article>
        )}
      </Show>
    </main>
  );
}
