// Counters and the services each serves, in call order (main service first).
import { createSignal, For, type JSX, onMount, Show } from 'solid-js';
import { Button, createEditor, createForm, Field, FormActions, FormAlert } from './forms';
import { type Counter, useAdmin } from './state';
import { t } from './text';

export function CountersSection(): JSX.Element {
  const admin = useAdmin();
  const editor = createEditor<number>();
  const editing = editor.current;
  const open = editor.open;
  const close = editor.close;
  const serviceName = (id: number) => admin.services().find((s) => s.id === id);
  return (
    <section class="adm-card" aria-labelledby="counters-title">
      <div class="adm-card-head">
        <h2 id="counters-title">{t('counterList')}</h2>
        <button ref={editor.fallbackRef} type="button" class="adm-btn adm-btn-primary" onClick={() => open(0)}>
          {t('newCounter')}
        </button>
      </div>
      <Show when={editing() !== null}>
        <CounterEditor counter={admin.counters().find((c) => c.id === editing())} onDone={close} />
      </Show>
      <table class="adm-table">
        <thead>
          <tr>
            <th scope="col" class="adm-num">
              {t('number')}
            </th>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('servedServices')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={admin.counters()}>
            {(c) => (
              <tr>
                <td class="adm-num">{c.number}</td>
                <td>{c.name}</td>
                <td>
                  <ol class="adm-chips">
                    <For each={c.serviceIds}>
                      {(id) => (
                        <li title={serviceName(id)?.name}>
                          <span class="adm-prefix">{serviceName(id)?.prefix ?? '?'}</span> {serviceName(id)?.name}
                        </li>
                      )}
                    </For>
                  </ol>
                </td>
                <td>{t(`counterStatus_${c.status}` as 'counterStatus_open')}</td>
                <td class="adm-row-actions">
                  <Button class="adm-btn-small" aria-label={t('editCounter', { n: c.number })} onClick={() => open(c.id)}>
                    {t('edit')}
                  </Button>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}

function CounterEditor(props: { counter?: Counter; onDone: () => void }): JSX.Element {
  const admin = useAdmin();
  const form = createForm();
  const nextNumber = () => Math.max(0, ...admin.counters().map((c) => c.number)) + 1;
  const [number, setNumber] = createSignal(String(props.counter?.number ?? nextNumber()));
  const [name, setName] = createSignal(props.counter?.name ?? '');
  const [ids, setIds] = createSignal<number[]>(props.counter?.serviceIds ?? []);
  const [adding, setAdding] = createSignal('');
  let heading: HTMLHeadingElement | undefined;
  onMount(() => heading?.focus());
  const service = (id: number) => admin.services().find((s) => s.id === id);
  const label = (id: number) => `${service(id)?.prefix ?? ''} – ${service(id)?.name ?? id}`;
  const move = (i: number, by: -1 | 1) => {
    const list = [...ids()];
    const [x] = list.splice(i, 1);
    list.splice(i + by, 0, x!);
    setIds(list);
  };
  const addable = () => admin.services().filter((s) => !ids().includes(s.id));

  return (
    <form
      novalidate
      class="adm-editor"
      aria-labelledby="counter-editor-title"
      onSubmit={(e) => {
        e.preventDefault();
        const body = { number: number().trim() === '' ? Number.NaN : Number(number()), name: name().trim(), serviceIds: ids() };
        const id = props.counter?.id;
        void form
          .submit(() => (id ? admin.updateCounter(id, body, t('saved')) : admin.addCounter(body, t('saved'))))
          .then((ok) => ok && props.onDone());
      }}
      onKeyDown={(e) => e.key === 'Escape' && props.onDone()}
    >
      <h3 id="counter-editor-title" tabIndex={-1} ref={heading}>
        {props.counter ? t('editCounter', { n: props.counter.number }) : t('newCounter')}
      </h3>
      <FormAlert form={form} />
      <div class="adm-grid">
        <Field form={form} name="number" label={t('number')}>
          {(a) => (
            <input {...a} type="number" min={1} max={999} value={number()} onInput={(e) => setNumber(e.currentTarget.value)} />
          )}
        </Field>
        <Field form={form} name="name" label={t('name')} class="adm-wide">
          {(a) => <input {...a} value={name()} maxlength={100} onInput={(e) => setName(e.currentTarget.value)} />}
        </Field>
      </div>
      <fieldset aria-describedby={`${form.fieldId('serviceIds')}-hint`}>
        <legend>{t('servedServices')}</legend>
        <p class="adm-hint" id={`${form.fieldId('serviceIds')}-hint`}>
          {t('servedHint')}
        </p>
        <Show when={form.error('serviceIds')}>
          <p class="adm-error">{form.error('serviceIds')}</p>
        </Show>
        <ol class="adm-order">
          <For each={ids()}>
            {(id, i) => (
              <li>
                <span class="adm-order-name">
                  <span class="adm-prefix">{service(id)?.prefix}</span> {service(id)?.name}
                </span>
                <Button
                  class="adm-btn-small"
                  aria-label={t('moveUp', { name: label(id) })}
                  disabled={i() === 0}
                  onClick={() => move(i(), -1)}
                >
                  ↑
                </Button>
                <Button
                  class="adm-btn-small"
                  aria-label={t('moveDown', { name: label(id) })}
                  disabled={i() === ids().length - 1}
                  onClick={() => move(i(), 1)}
                >
                  ↓
                </Button>
                <Button
                  class="adm-btn-small"
                  aria-label={t('deleteNamed', { name: label(id) })}
                  onClick={() => setIds(ids().filter((x) => x !== id))}
                >
                  {t('delete')}
                </Button>
              </li>
            )}
          </For>
        </ol>
        <div class="adm-inline-form">
          <Field form={form} name="addService" label={t('addToCounter')} class="adm-grow">
            {(a) => (
              <select {...a} value={adding()} onChange={(e) => setAdding(e.currentTarget.value)}>
                <option value="">—</option>
                <For each={addable()}>{(s) => <option value={String(s.id)}>{`${s.prefix} – ${s.name}`}</option>}</For>
              </select>
            )}
          </Field>
          <Button
            disabled={!adding()}
            onClick={() => {
              if (adding()) setIds([...ids(), Number(adding())]);
              setAdding('');
            }}
          >
            {t('add')}
          </Button>
        </div>
      </fieldset>
      <FormActions
        form={form}
        onCancel={props.onDone}
        remove={
          props.counter && {
            name: props.counter.name,
            run: () => admin.deleteCounter(props.counter!.id, t('deleted')),
            done: props.onDone,
          }
        }
      />
    </form>
  );
}
