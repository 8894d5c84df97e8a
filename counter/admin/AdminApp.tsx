// The admin screens (/counter/admin/...): office and settings, hours and holidays, sectors,
// services, counters, staff, devices and the audit log. Staff sign in on /counter (the session
// cookie is shared); anyone else is told where to go.
import { createEffect, For, type JSX, Match, onMount, Show, Switch } from 'solid-js';
import { lang, setLang } from '../../web/i18n';
import { navigate, path } from '../navigation';
import { AuditSection } from './AuditSection';
import { SectorsSection, ServicesSection } from './CatalogueSection';
import { CountersSection } from './CountersSection';
import { DevicesSection } from './DevicesSection';
import { HoursSection } from './HoursSection';
import { OfficeSection } from './OfficeSection';
import { StaffSection } from './StaffSection';
import { AdminProvider, createAdmin, useAdmin } from './state';
import { t } from './text';
import './admin.css';

const sections = ['office', 'hours', 'sectors', 'services', 'counters', 'staff', 'devices', 'audit'] as const;
type Section = (typeof sections)[number];

const current = (): Section => {
  const s = path().split('/')[3] as Section | undefined;
  return s && sections.includes(s) ? s : 'office';
};
const href = (s: Section) => (s === 'office' ? '/counter/admin' : `/counter/admin/${s}`);

export default function AdminApp(): JSX.Element {
  const admin = createAdmin();
  onMount(() => void admin.init());
  createEffect(() => {
    document.title = `${t(`nav_${current()}`)} – ${t('title')}`;
  });
  return (
    <AdminProvider value={admin}>
      <div class="adm">
        <Switch fallback={<p class="adm-loading">{t('loading')}</p>}>
          <Match when={admin.me() === null}>
            <Gate
              title={t('signInNeeded')}
              text={admin.loadError()?.message ?? t('signInNeededText')}
              href={`/counter/login?next=${currentPath()}`}
            />
          </Match>
          <Match when={admin.me() && admin.me()!.role !== 'admin'}>
            <Gate
              title={t('notAdmin')}
              text={t('notAdminText', { user: admin.me()!.username, role: t(`role_${admin.me()!.role}` as 'role_admin') })}
            />
          </Match>
          <Match when={admin.me()?.role === 'admin'}>
            <Shell />
          </Match>
        </Switch>
      </div>
    </AdminProvider>
  );
}

function LangButton(): JSX.Element {
  return (
    <button
      type="button"
      class="adm-btn adm-btn-quiet"
      lang={lang() === 'vi' ? 'en' : 'vi'}
      aria-label={t('languageLabel')}
      onClick={() => setLang(lang() === 'vi' ? 'en' : 'vi')}
    >
      {t('language')}
    </button>
  );
}

/** This screen's path, for the sign-in page to come back to. */
const currentPath = () => (/^\/counter\/[a-z]+$/.test(path()) ? path() : '/counter/admin');

function Gate(props: { title: string; text: string; href?: string }): JSX.Element {
  return (
    <main class="adm-gate">
      <div class="adm-card">
        <div class="adm-card-head">
          <h1>{props.title}</h1>
          <LangButton />
        </div>
        <p>{props.text}</p>
        <p>
          <a class="adm-btn adm-btn-primary" href={props.href ?? '/counter'}>
            {t('signInLink')}
          </a>
        </p>
      </div>
    </main>
  );
}

function Shell(): JSX.Element {
  const admin = useAdmin();
  let heading: HTMLHeadingElement | undefined;
  const go = (e: MouseEvent, s: Section) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    admin.setNotice('');
    navigate(href(s));
    queueMicrotask(() => heading?.focus());
  };
  return (
    <>
      <header class="adm-top">
        <p class="adm-brand">{t('title')}</p>
        <Show when={admin.offices().length > 1} fallback={<p class="adm-office">{admin.office()?.name}</p>}>
          <label class="adm-office-pick">
            <span>{t('office')}</span>
            <select
              value={String(admin.officeId() ?? '')}
              onChange={(e) => void admin.chooseOffice(Number(e.currentTarget.value))}
            >
              <For each={admin.offices()}>{(o) => <option value={String(o.id)}>{o.name}</option>}</For>
            </select>
          </label>
        </Show>
        <p class="adm-user">{t('signedInAs', { name: admin.me()?.displayName ?? '' })}</p>
        <LangButton />
        <a class="adm-btn adm-btn-quiet" href="/counter">
          {t('toCounter')}
        </a>
      </header>
      <div class="adm-body">
        <nav class="adm-nav" aria-label={t('sections')}>
          <ul>
            <For each={sections}>
              {(s) => (
                <li>
                  <a href={href(s)} aria-current={current() === s ? 'page' : undefined} onClick={(e) => go(e, s)}>
                    {t(`nav_${s}`)}
                  </a>
                </li>
              )}
            </For>
          </ul>
        </nav>
        <main class="adm-main">
          <h1 tabIndex={-1} ref={heading}>
            {t(`nav_${current()}`)}
          </h1>
          <p class="adm-notice" role="status">
            {admin.notice()}
          </p>
          <Show when={admin.office()} fallback={<p>{admin.loadError()?.message ?? t('loading')}</p>}>
            <Switch>
              <Match when={current() === 'office'}>
                <OfficeSection />
              </Match>
              <Match when={current() === 'hours'}>
                <HoursSection />
              </Match>
              <Match when={current() === 'sectors'}>
                <SectorsSection />
              </Match>
              <Match when={current() === 'services'}>
                <ServicesSection />
              </Match>
              <Match when={current() === 'counters'}>
                <CountersSection />
              </Match>
              <Match when={current() === 'staff'}>
                <StaffSection />
              </Match>
              <Match when={current() === 'devices'}>
                <DevicesSection />
              </Match>
              <Match when={current() === 'audit'}>
                <AuditSection />
              </Match>
            </Switch>
          </Show>
        </main>
      </div>
    </>
  );
}
