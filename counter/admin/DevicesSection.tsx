// Devices: pair a display, kiosk or rating pad with a one-time link (and its QR code), issue a
// new link, revoke.
import QRCode from 'qrcode';
import { createResource, createSignal, For, type JSX, Show } from 'solid-js';
import { formatDate, formatTime } from '../../web/i18n';
import { Button, createForm, Field, FormActions, FormAlert } from './forms';
import { useAdmin } from './state';
import { t } from './text';

const kinds = ['display', 'kiosk', 'pad'] as const;
type Kind = (typeof kinds)[number];

export function DevicesSection(): JSX.Element {
  const admin = useAdmin();
  const form = createForm();
  const rowForm = createForm();
  const [kind, setKind] = createSignal<Kind>('display');
  const [name, setName] = createSignal('');
  const [counterId, setCounterId] = createSignal('');
  const [link, setLink] = createSignal<{ name: string; url: string } | null>(null);
  const counterLabel = (id: number | null) => {
    const c = admin.counters().find((x) => x.id === id);
    return c ? `${c.number} – ${c.name}` : t('none');
  };
  const when = (iso: string | null) => (iso ? `${formatTime(iso)}, ${formatDate(iso)}` : t('none'));
  return (
    <>
      <section class="adm-card" aria-labelledby="device-new-title">
        <h2 id="device-new-title">{t('newDevice')}</h2>
        <form
          novalidate
          onSubmit={(e) => {
            e.preventDefault();
            void form.submit(async () => {
              const made = await admin.addDevice(
                { kind: kind(), name: name().trim(), counterId: counterId() ? Number(counterId()) : null },
                t('saved'),
              );
              setLink({ name: made.name, url: made.pairUrl });
              setName('');
            });
          }}
        >
          <FormAlert form={form} />
          <div class="adm-grid">
            <Field form={form} name="kind" label={t('kind')}>
              {(a) => (
                <select {...a} value={kind()} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
                  <For each={kinds}>{(k) => <option value={k}>{t(`kind_${k}`)}</option>}</For>
                </select>
              )}
            </Field>
            <Field form={form} name="name" label={t('name')}>
              {(a) => <input {...a} value={name()} maxlength={100} onInput={(e) => setName(e.currentTarget.value)} />}
            </Field>
            <Field form={form} name="counterId" label={t('counterForPad')}>
              {(a) => (
                <select {...a} value={counterId()} onChange={(e) => setCounterId(e.currentTarget.value)}>
                  <option value="">{t('noCounter')}</option>
                  <For each={admin.counters()}>{(c) => <option value={String(c.id)}>{`${c.number} – ${c.name}`}</option>}</For>
                </select>
              )}
            </Field>
          </div>
          <FormActions form={form} submit={t('createDevice')} />
        </form>
        <Show when={link()}>{(l) => <PairLink name={l().name} url={l().url} />}</Show>
      </section>
      <section class="adm-card" aria-labelledby="devices-title">
        <h2 id="devices-title">{t('deviceList')}</h2>
        <FormAlert form={rowForm} />
        <table class="adm-table">
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('kind')}</th>
              <th scope="col">{t('counter')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('pairedAt')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={admin.devices()}>
              {(d) => (
                <tr classList={{ 'adm-muted': d.status === 'revoked' }}>
                  <td>{d.name}</td>
                  <td>{t(`kind_${d.kind}`)}</td>
                  <td>{d.kind === 'pad' || d.counterId ? counterLabel(d.counterId) : t('none')}</td>
                  <td>
                    <span class={`adm-pill adm-pill-${d.status}`}>{t(`device_${d.status}`)}</span>
                  </td>
                  <td>{when(d.pairedAt)}</td>
                  <td class="adm-row-actions">
                    <Show when={d.status !== 'revoked'}>
                      <Button
                        class="adm-btn-small"
                        aria-label={t('newLinkNamed', { name: d.name })}
                        onClick={() =>
                          void rowForm.submit(async () => {
                            const r = await admin.newPairLink(d.id, t('saved'));
                            setLink({ name: r.name, url: r.pairUrl });
                          })
                        }
                      >
                        {t('newLink')}
                      </Button>
                      <Button
                        class="adm-btn-small"
                        variant="danger"
                        aria-label={t('revokeNamed', { name: d.name })}
                        onClick={() =>
                          confirm(t('confirmRevoke', { name: d.name })) &&
                          void rowForm.submit(() => admin.revokeDevice(d.id, t('saved')))
                        }
                      >
                        {t('revoke')}
                      </Button>
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </section>
    </>
  );
}

function PairLink(props: { name: string; url: string }): JSX.Element {
  const admin = useAdmin();
  const [svg] = createResource(
    () => props.url,
    (url) => QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
  );
  return (
    <section class="adm-pair" ref={(el) => queueMicrotask(() => el.focus())} tabIndex={-1} aria-labelledby="pair-title">
      <div>
        <h3 id="pair-title">{t('pairTitle', { name: props.name })}</h3>
        <p>{t('pairHint')}</p>
        <p class="adm-pair-url">
          <a href={props.url} data-testid="pair-url">
            {props.url}
          </a>
        </p>
        <Button
          onClick={() =>
            void navigator.clipboard?.writeText(props.url).then(
              () => admin.setNotice(t('copied')),
              () => {},
            )
          }
        >
          {t('copy')}
        </Button>
      </div>
      <Show when={svg()}>{(s) => <div class="adm-qr" role="img" aria-label={props.url} innerHTML={s()} />}</Show>
    </section>
  );
}
