// A tiny path router for the counter app: /counter and /counter/login are the officer terminal;
// the rating pad, supervisor and admin screens load only when their path is opened.
import { type JSX, lazy, Match, Suspense, Switch } from 'solid-js';
import { navigate, path } from './navigation';
import { TerminalApp } from './terminal/TerminalApp';
import { t } from './terminal/text';

const PadApp = lazy(() => import('./pad/PadApp'));
const SupervisorApp = lazy(() => import('./supervisor/SupervisorApp'));
const AdminApp = lazy(() => import('./admin/AdminApp'));
const LeadersApp = lazy(() => import('./leaders/LeadersApp'));
const OutreachApp = lazy(() => import('./outreach/OutreachApp'));
const PrintDossier = lazy(() => import('./dossiers/PrintDossier'));
const DossiersApp = lazy(() => import('./dossiers/DossiersApp'));

const under = (prefix: string) => path() === prefix || path().startsWith(`${prefix}/`);

export function Router(): JSX.Element {
  return (
    <Suspense fallback={<p class="route-loading">{t('loading')}</p>}>
      <Switch fallback={<NotFound />}>
        <Match when={path() === '/counter' || path() === '/counter/login'}>
          <TerminalApp />
        </Match>
        <Match when={under('/counter/pad')}>
          <PadApp />
        </Match>
        <Match when={under('/counter/supervisor')}>
          <SupervisorApp />
        </Match>
        <Match when={under('/counter/admin')}>
          <AdminApp />
        </Match>
        <Match when={under('/counter/outreach')}>
          <OutreachApp />
        </Match>
        <Match when={under('/counter/city')}>
          <LeadersApp />
        </Match>
        <Match when={/^\/counter\/print\/dossier\/(\d+)$/.exec(path())?.[1]}>{(id) => <PrintDossier id={id()} />}</Match>
        <Match when={under('/counter/dossiers')}>
          <DossiersApp />
        </Match>
      </Switch>
    </Suspense>
  );
}

function NotFound(): JSX.Element {
  return (
    <main class="route-missing">
      <h1>{t('notFound')}</h1>
      <p>
        <a
          href="/counter"
          onClick={(e) => {
            e.preventDefault();
            navigate('/counter');
          }}
        >
          {t('backToCounter')}
        </a>
      </p>
    </main>
  );
}
