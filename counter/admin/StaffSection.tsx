// Staff accounts: add, change name, role and office, reset the password, disable or enable.
import { createSignal, For, type JSX, onMount, Show } from 'solid-js';
import { Button, createEditor, createForm, Field, FormActions, FormAlert } from './forms';
import { type Staff, useAdmin } from './state';
import { t } from './text';

const roles = ['officer', 'supervisor', 'admin', 'city'] as const;
type Role = (typeof roles)[number];

export function StaffSection(): JSX.Element {
  const admin = useAdmin();
  const rowForm = createForm();
  // 'new', or { edit | password: id }
  const editor = createEditor<{ kind: 'new' } | { kind: 'edit' | 'password'; id: number }>();
  const open = editor.current;
  const show = editor.open;
  const close = editor.close;
  const officeName = (id: number | null) =>
    id === null ? t('allOffices') : (admin.offices().find((o) => o.id === id)?.name ?? `#${id}`);
  const person = () => {
    const o = open();
    return o && o.kind !== 'new' ? admin.staff().find((s) => s.id === o.id) : undefined;
  };
  return (
    <section class="adm-card" aria-labelledby="staff-title">
      <div class="adm-card-head">
        <h2 id="staff-title">{t('staffList')}</h2>
        <button ref={editor.fallbackRef} type="button" class="adm-btn adm-btn-primary" onClick={() => show({ kind: 'new' })}>
          {t('newStaff')}
        </button>
      </div>
      <Show when={open()?.kind === 'new'}>
        <StaffEditor onDone={close} />
      </Show>
      <Show when={open()?.kind === 'edit' && person()} keyed>
        {(p) => <StaffEditor person={p} onDone={close} />}
      </Show>
      <Show when={open()?.kind === 'password' && person()} keyed>
        {(p) => <PasswordForm person={p} onDone={close} />}
      </Show>
      <FormAlert form={rowForm} />
      <table class="adm-table">
        <thead>
          <tr>
            <th scope="col">{t('username')}</th>
            <th scope="col">{t('displayName')}</th>
            <th scope="col">{t('role')}</th>
            <th scope="col">{t('office')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={admin.staff()}>
            {(s) => {
              const self = () => s.id === admin.me()?.id;
              return (
                <tr classList={{ 'adm-muted': !s.active }}>
                  <td class="adm-nowrap">
                    {s.username} <Show when={self()}>{t('you')}</Show>
                  </td>
                  <td>{s.displayName}</td>
                  <td>{t(`role_${s.role}` as 'role_admin')}</td>
                  <td>{officeName(s.officeId)}</td>
                  <td>{s.active ? t('active') : t('disabled')}</td>
                  <td class="adm-row-actions">
                    <Button
                      class="adm-btn-small"
                      aria-label={t('editNamed', { name: s.displayName })}
                      onClick={() => show({ kind: 'edit', id: s.id })}
                    >
                      {t('edit')}
                    </Button>
                    <Button
                      class="adm-btn-small"
                      aria-label={t('resetPasswordFor', { name: s.displayName })}
                      onClick={() => show({ kind: 'password', id: s.id })}
                    >
                      {t('resetPassword')}
                    </Button>
                    <Show when={!self()}>
                      <Show
                        when={s.active}
                        fallback={
                          <Button
                            class="adm-btn-small"
                            aria-label={t('enableNamed', { name: s.displayName })}
                            onClick={() => void rowForm.submit(() => admin.updateStaff(s.id, { active: true }, t('saved')))}
                          >
                            {t('enable')}
                          </Button>
                        }
                      >
                        <Button
                          class="adm-btn-small"
                          variant="danger"
                          aria-label={t('disableNamed', { name: s.displayName })}
                          onClick={() =>
                            confirm(t('confirmDisable', { name: s.displayName })) &&
                            void rowForm.submit(() => admin.updateStaff(s.id, { active: false }, t('saved')))
                          }
                        >
                          {t('disable')}
                        </Button>
                      </Show>
                    </Show>
                  </td>
                </tr>
              );
            }}
          </For>
        </tbody>
      </table>
    </section>
  );
}

function StaffEditor(props: { person?: Staff; onDone: () => void }): JSX.Element {
  const admin = useAdmin();
  const form = createForm();
  const p = props.person;
  const [username, setUsername] = createSignal(p?.username ?? '');
  const [displayName, setDisplayName] = createSignal(p?.displayName ?? '');
  const [role, setRole] = createSignal<Role>(p?.role ?? 'officer');
  const [officeId, setOfficeId] = createSignal(p ? String(p.officeId ?? '') : String(admin.officeId() ?? ''));
  const [password, setPassword] = createSignal('');
  let heading: HTMLHeadingElement | undefined;
  onMount(() => heading?.focus());
  const office = () => (officeId() === '' ? null : Number(officeId()));
  const global = () => admin.me()?.officeId === null;
  return (
    <form
      novalidate
      class="adm-editor"
      aria-labelledby="staff-editor-title"
      onSubmit={(e) => {
        e.preventDefault();
        void form
          .submit(() =>
            p
              ? admin.updateStaff(p.id, { displayName: displayName().trim(), role: role(), officeId: office() }, t('saved'))
              : admin.addStaff(
                  {
                    username: username().trim(),
                    displayName: displayName().trim(),
                    role: role(),
                    officeId: office(),
                    password: password(),
                  },
                  t('saved'),
                ),
          )
          .then((ok) => ok && props.onDone());
      }}
      onKeyDown={(e) => e.key === 'Escape' && props.onDone()}
    >
      <h3 id="staff-editor-title" tabIndex={-1} ref={heading}>
        {p ? t('editNamed', { name: p.displayName }) : t('newStaff')}
      </h3>
      <FormAlert form={form} />
      <div class="adm-grid">
        <Show when={!p}>
          <Field form={form} name="username" label={t('username')}>
            {(a) => (
              <input
                {...a}
                autocomplete="off"
                value={username()}
                maxlength={40}
                onInput={(e) => setUsername(e.currentTarget.value)}
              />
            )}
          </Field>
        </Show>
        <Field form={form} name="displayName" label={t('displayName')}>
          {(a) => <input {...a} value={displayName()} maxlength={100} onInput={(e) => setDisplayName(e.currentTarget.value)} />}
        </Field>
        <Field form={form} name="role" label={t('role')}>
          {(a) => (
            <select {...a} value={role()} onChange={(e) => setRole(e.currentTarget.value as Role)}>
              <For each={roles}>{(r) => <option value={r}>{t(`role_${r}`)}</option>}</For>
            </select>
          )}
        </Field>
        <Field form={form} name="officeId" label={t('office')}>
          {(a) => (
            <select {...a} value={officeId()} onChange={(e) => setOfficeId(e.currentTarget.value)}>
              <For each={admin.offices()}>{(o) => <option value={String(o.id)}>{o.name}</option>}</For>
              <Show when={global()}>
                <option value="">{t('allOffices')}</option>
              </Show>
            </select>
          )}
        </Field>
        <Show when={!p}>
          <Field form={form} name="password" label={t('password')} hint={t('passwordHint')}>
            {(a) => (
              <input
                {...a}
                type="password"
                autocomplete="new-password"
                value={password()}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            )}
          </Field>
        </Show>
      </div>
      <FormActions form={form} onCancel={props.onDone} />
    </form>
  );
}

function PasswordForm(props: { person: Staff; onDone: () => void }): JSX.Element {
  const admin = useAdmin();
  const form = createForm();
  const [password, setPassword] = createSignal('');
  let heading: HTMLHeadingElement | undefined;
  onMount(() => heading?.focus());
  return (
    <form
      novalidate
      class="adm-editor"
      aria-labelledby="password-editor-title"
      onSubmit={(e) => {
        e.preventDefault();
        void form
          .submit(() => admin.resetPassword(props.person.id, password(), t('passwordReset')))
          .then((ok) => ok && props.onDone());
      }}
      onKeyDown={(e) => e.key === 'Escape' && props.onDone()}
    >
      <h3 id="password-editor-title" tabIndex={-1} ref={heading}>
        {t('resetPasswordFor', { name: props.person.displayName })}
      </h3>
      <FormAlert form={form} />
      <div class="adm-inline-form">
        <Field form={form} name="password" label={t('newPassword')} hint={t('passwordHint')}>
          {(a) => (
            <input
              {...a}
              type="password"
              autocomplete="new-password"
              value={password()}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit" class="adm-btn adm-btn-primary" disabled={form.busy()}>
          {t('resetPassword')}
        </button>
        <Button onClick={() => props.onDone()}>{t('cancel')}</Button>
      </div>
    </form>
  );
}
