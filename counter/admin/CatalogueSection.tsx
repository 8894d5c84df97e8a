// Sectors (lĩnh vực) and the services (thủ tục) under them.
import { createSignal, For, type JSX, onMount, Show } from 'solid-js';
import { Button, CheckField, createEditor, createForm, Field, FormActions, FormAlert } from './forms';
import { type Service, useAdmin } from './state';
import { t } from './text';

export function SectorsSection(): JSX.Element {
  const admin = useAdmin();
  const form = createForm();
  const [name, setName] = createSignal('');
  const [editing, setEditing] = createSignal<number | null>(null);
  const [rename, setRename] = createSignal('');
  return (
    <section class="adm-card" aria-labelledby="sectors-title">
      <h2 id="sectors-title">{t('sectorList')}</h2>
      <FormAlert form={form} />
      <form
        novalidate
        class="adm-inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void form.submit(() => admin.addSector({ name: name().trim() }, t('saved'))).then((ok) => ok && setName(''));
        }}
      >
        <Field form={form} name="name" label={t('name')} class="adm-grow">
          {(a) => <input {...a} value={name()} maxlength={200} onInput={(e) => setName(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="adm-btn adm-btn-primary" disabled={form.busy()}>
          {t('addSector')}
        </button>
      </form>
      <table class="adm-table">
        <thead>
          <tr>
            <th scope="col">{t('position')}</th>
            <th scope="col">{t('name')}</th>
            <th scope="col" class="adm-num">
              {t('servicesCount')}
            </th>
            <th scope="col">{t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={admin.sectors()}>
            {(s, i) => (
              <tr>
                <td>{i() + 1}</td>
                <td>
                  <Show when={editing() === s.id} fallback={s.name}>
                    <input
                      aria-label={t('editNamed', { name: s.name })}
                      value={rename()}
                      maxlength={200}
                      ref={(el) => queueMicrotask(() => el.focus())}
                      onInput={(e) => setRename(e.currentTarget.value)}
                      onKeyDown={(e) => {
                        if (e.key === 'Escape') setEditing(null);
                        if (e.key === 'Enter') {
                          e.preventDefault();
                          void form
                            .submit(() => admin.updateSector(s.id, { name: rename().trim() }, t('saved')))
                            .then((ok) => ok && setEditing(null));
                        }
                      }}
                    />
                  </Show>
                </td>
                <td class="adm-num">{s.services}</td>
                <td class="adm-row-actions">
                  <Show
                    when={editing() === s.id}
                    fallback={
                      <>
                        <Button
                          class="adm-btn-small"
                          aria-label={t('editNamed', { name: s.name })}
                          onClick={() => {
                            setRename(s.name);
                            setEditing(s.id);
                          }}
                        >
                          {t('edit')}
                        </Button>
                        <Button
                          class="adm-btn-small"
                          variant="danger"
                          aria-label={t('deleteNamed', { name: s.name })}
                          onClick={() =>
                            confirm(t('confirmDelete', { name: s.name })) &&
                            void form.submit(() => admin.deleteSector(s.id, t('deleted')))
                          }
                        >
                          {t('delete')}
                        </Button>
                      </>
                    }
                  >
                    <Button
                      class="adm-btn-small"
                      variant="primary"
                      onClick={() =>
                        void form
                          .submit(() => admin.updateSector(s.id, { name: rename().trim() }, t('saved')))
                          .then((ok) => ok && setEditing(null))
                      }
                    >
                      {t('save')}
                    </Button>
                    <Button class="adm-btn-small" onClick={() => setEditing(null)}>
                      {t('cancel')}
                    </Button>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}

type ServiceDraft = {
  sectorId: string;
  code: string;
  name: string;
  prefix: string;
  avgServiceMinutes: string;
  processingDays: string;
  bookable: boolean;
  slotMinutes: string;
  capacityPerSlot: string;
  whatToBring: string;
  active: boolean;
};

const blank = (sectorId: number | undefined): ServiceDraft => ({
  sectorId: sectorId ? String(sectorId) : '',
  code: '',
  name: '',
  prefix: '',
  avgServiceMinutes: '10',
  processingDays: '0',
  bookable: true,
  slotMinutes: '30',
  capacityPerSlot: '',
  whatToBring: '',
  active: true,
});

const draftOf = (s: Service): ServiceDraft => ({
  sectorId: String(s.sectorId),
  code: s.code,
  name: s.name,
  prefix: s.prefix,
  avgServiceMinutes: String(s.avgServiceMinutes),
  processingDays: String(s.processingDays),
  bookable: s.bookable,
  slotMinutes: String(s.slotMinutes),
  capacityPerSlot: s.capacityPerSlot === null ? '' : String(s.capacityPerSlot),
  whatToBring: s.whatToBring ?? '',
  active: s.active,
});

export function ServicesSection(): JSX.Element {
  const admin = useAdmin();
  // null: no editor; 0: a new service; an id: that service.
  const editor = createEditor<number>();
  const editing = editor.current;
  const open = editor.open;
  const close = editor.close;
  return (
    <section class="adm-card" aria-labelledby="services-title">
      <div class="adm-card-head">
        <h2 id="services-title">{t('serviceList')}</h2>
        <button ref={editor.fallbackRef} type="button" class="adm-btn adm-btn-primary" onClick={() => open(0)}>
          {t('newService')}
        </button>
      </div>
      <Show when={editing() !== null}>
        <ServiceEditor service={admin.services().find((s) => s.id === editing())} onDone={close} />
      </Show>
      <div class="adm-scroll">
        <table class="adm-table">
          <thead>
            <tr>
              <th scope="col">{t('prefix')}</th>
              <th scope="col">{t('code')}</th>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('sector')}</th>
              <th scope="col" class="adm-num">
                {t('avgShort')}
              </th>
              <th scope="col" class="adm-num">
                {t('processingShort')}
              </th>
              <th scope="col">{t('bookable')}</th>
              <th scope="col" class="adm-num">
                {t('capacityPerSlot')}
              </th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={admin.services()}>
              {(s) => (
                <tr classList={{ 'adm-muted': !s.active }}>
                  <td>
                    <span class="adm-prefix">{s.prefix}</span>
                  </td>
                  <td class="adm-nowrap">{s.code}</td>
                  <td>{s.name}</td>
                  <td>{s.sectorName}</td>
                  <td class="adm-num">{s.avgServiceMinutes}</td>
                  <td class="adm-num">{s.processingDays}</td>
                  <td>{s.bookable ? t('yes') : t('no')}</td>
                  <td class="adm-num">{s.capacityPerSlot ?? t('capacityAuto')}</td>
                  <td>{s.active ? t('active') : t('inactive')}</td>
                  <td class="adm-row-actions">
                    <Button class="adm-btn-small" aria-label={t('editNamed', { name: s.name })} onClick={() => open(s.id)}>
                      {t('edit')}
                    </Button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ServiceEditor(props: { service?: Service; onDone: () => void }): JSX.Element {
  const admin = useAdmin();
  const form = createForm();
  const [d, setD] = createSignal<ServiceDraft>(props.service ? draftOf(props.service) : blank(admin.sectors()[0]?.id));
  const set = <K extends keyof ServiceDraft>(k: K, v: ServiceDraft[K]) => setD({ ...d(), [k]: v });
  const num = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
  let heading: HTMLHeadingElement | undefined;
  onMount(() => heading?.focus());

  const body = () => ({
    sectorId: num(d().sectorId),
    code: d().code.trim(),
    name: d().name.trim(),
    prefix: d().prefix.trim(),
    avgServiceMinutes: num(d().avgServiceMinutes),
    processingDays: num(d().processingDays),
    bookable: d().bookable,
    slotMinutes: num(d().slotMinutes),
    capacityPerSlot: d().capacityPerSlot.trim() === '' ? null : num(d().capacityPerSlot),
    whatToBring: d().whatToBring.trim() || null,
    active: d().active,
  });

  return (
    <form
      novalidate
      class="adm-editor"
      aria-labelledby="service-editor-title"
      onSubmit={(e) => {
        e.preventDefault();
        const id = props.service?.id;
        void form
          .submit(() => (id ? admin.updateService(id, body(), t('saved')) : admin.addService(body(), t('saved'))))
          .then((ok) => ok && props.onDone());
      }}
      onKeyDown={(e) => e.key === 'Escape' && props.onDone()}
    >
      <h3 id="service-editor-title" tabIndex={-1} ref={heading}>
        {props.service ? t('editService', { name: props.service.name }) : t('newService')}
      </h3>
      <FormAlert form={form} />
      <div class="adm-grid">
        <Field form={form} name="name" label={t('name')} class="adm-wide">
          {(a) => <input {...a} value={d().name} maxlength={300} onInput={(e) => set('name', e.currentTarget.value)} />}
        </Field>
        <Field form={form} name="sectorId" label={t('sector')}>
          {(a) => (
            <select {...a} value={d().sectorId} onChange={(e) => set('sectorId', e.currentTarget.value)}>
              <For each={admin.sectors()}>{(s) => <option value={String(s.id)}>{s.name}</option>}</For>
            </select>
          )}
        </Field>
        <Field form={form} name="code" label={t('code')}>
          {(a) => <input {...a} value={d().code} maxlength={30} onInput={(e) => set('code', e.currentTarget.value)} />}
        </Field>
        <Field form={form} name="prefix" label={t('prefix')} hint={t('prefixHint')}>
          {(a) => (
            <input
              {...a}
              class="adm-short"
              value={d().prefix}
              maxlength={2}
              autocapitalize="characters"
              onInput={(e) => set('prefix', e.currentTarget.value.toUpperCase())}
            />
          )}
        </Field>
        <Field form={form} name="avgServiceMinutes" label={t('avgServiceMinutes')}>
          {(a) => (
            <input
              {...a}
              type="number"
              min={1}
              max={480}
              value={d().avgServiceMinutes}
              onInput={(e) => set('avgServiceMinutes', e.currentTarget.value)}
            />
          )}
        </Field>
        <Field form={form} name="processingDays" label={t('processingDays')} hint={t('processingDaysHint')}>
          {(a) => (
            <input
              {...a}
              type="number"
              min={0}
              max={365}
              value={d().processingDays}
              onInput={(e) => set('processingDays', e.currentTarget.value)}
            />
          )}
        </Field>
        <Field form={form} name="slotMinutes" label={t('slotMinutes')}>
          {(a) => (
            <input
              {...a}
              type="number"
              min={5}
              max={240}
              step={5}
              value={d().slotMinutes}
              onInput={(e) => set('slotMinutes', e.currentTarget.value)}
            />
          )}
        </Field>
        <Field form={form} name="capacityPerSlot" label={t('capacityPerSlot')} hint={t('capacityHint')}>
          {(a) => (
            <input
              {...a}
              type="number"
              min={0}
              max={1000}
              value={d().capacityPerSlot}
              onInput={(e) => set('capacityPerSlot', e.currentTarget.value)}
            />
          )}
        </Field>
        <Field form={form} name="whatToBring" label={t('whatToBring')} class="adm-wide">
          {(a) => (
            <textarea
              {...a}
              rows={2}
              maxlength={2000}
              value={d().whatToBring}
              onInput={(e) => set('whatToBring', e.currentTarget.value)}
            />
          )}
        </Field>
        <CheckField
          form={form}
          name="bookable"
          label={t('bookable')}
          checked={d().bookable}
          onChange={(v) => set('bookable', v)}
        />
        <CheckField form={form} name="active" label={t('active')} checked={d().active} onChange={(v) => set('active', v)} />
      </div>
      <FormActions
        form={form}
        onCancel={props.onDone}
        remove={
          props.service && {
            name: props.service.name,
            run: () => admin.deleteService(props.service!.id, t('deleted')),
            done: props.onDone,
          }
        }
      />
    </form>
  );
}
