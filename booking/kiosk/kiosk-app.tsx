// The entrance kiosk: sector -> service -> priority -> a printed ticket, or check-in of a
// booking. A touch screen nobody owns: every screen has a way back, and an idle timer brings
// it to the start. The kiosk is a paired device, so its cookie authorises the ticket.
import {
  createEffect,
  createResource,
  createSignal,
  For,
  lazy,
  Match,
  onCleanup,
  onMount,
  Show,
  Suspense,
  Switch,
} from 'solid-js';
import { api, unwrap } from '../../web/api';
import { formatDate, formatTime, lang, setLang } from '../../web/i18n';
import { createLive } from '../../web/live';
import { screenOffice } from '../../web/office';
import { LangSwitch } from '../common/lang-switch';
import { bySector } from '../common/office';
import { t } from './text';
import { type IssuedTicket, TicketSlip } from './ticket-slip';
import './kiosk.css';

const CheckIn = lazy(() => import('./check-in'));

const IDLE_MS = 45_000;

type Screen =
  | { name: 'start' }
  | { name: 'services'; sectorId: number }
  | { name: 'priority'; serviceId: number }
  | { name: 'ticket'; ticket: IssuedTicket; booked?: boolean; note?: string }
  | { name: 'checkin' };

async function loadKiosk() {
  const officeId = String(await screenOffice());
  const param = { officeId };
  const [settings, services] = await Promise.all([
    unwrap(api.offices[':officeId'].settings.public.$get({ param })),
    unwrap(api.offices[':officeId'].services.$get({ param })),
  ]);
  return { officeId, settings, services };
}

type Loaded = Awaited<ReturnType<typeof loadKiosk>>;
export type KioskService = Loaded['services'][number];

export default function KioskApp() {
  document.title = 'Kiosk';
  const [resource, { refetch, mutate }] = createResource(loadKiosk);
  // Reading an errored resource throws; the screens read it only once loaded.
  const data = () => (resource.state === 'ready' || resource.state === 'refreshing' ? resource() : undefined);
  const [screen, setScreen] = createSignal<Screen>({ name: 'start' });
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  const [now, setNow] = createSignal(Date.now());
  const params = new URLSearchParams(location.search);
  const ticketSeconds = Math.min(120, Math.max(5, Number(params.get('ticketSeconds')) || 15));
  const autoPrint = params.get('print') !== '0';

  // Live waiting counts and estimated waits for the service buttons.
  const [live, setLive] = createSignal<ReturnType<typeof createLive>>();
  createEffect(() => {
    const d = data();
    if (d && !live()) setLive(startLive(d.officeId));
  });
  const startLive = (officeId: string) =>
    createLive({
      auth: { officeId: Number(officeId) },
      handlers: {
        queue: (e) => {
          const d = data();
          if (!d) return;
          const by = new Map(e.services.map((s) => [s.serviceId, s]));
          mutate({
            ...d,
            services: d.services.map((s) => {
              const q = by.get(s.id);
              return q ? { ...s, waiting: q.waiting, etaMinutes: q.etaMinutes } : s;
            }),
          });
        },
      },
      onResync: () => void refetch(),
    });

  // A public screen: every resident starts in the kiosk's language, whatever the last one chose.
  const startLang = params.get('lang') === 'en' ? 'en' : 'vi';
  if (lang() !== startLang) setLang(startLang);
  const home = () => {
    if (lang() !== startLang) setLang(startLang);
    setError('');
    setBusy(false);
    setScreen({ name: 'start' });
  };

  // Idle timeout: any touch or key restarts it; the start screen has nothing to reset.
  let idle: ReturnType<typeof setTimeout> | undefined;
  const poke = () => {
    clearTimeout(idle);
    if (screen().name !== 'start' && screen().name !== 'ticket') idle = setTimeout(home, IDLE_MS);
  };
  const go = (s: Screen) => {
    setError('');
    setScreen(s);
    poke();
  };

  onMount(() => {
    document.documentElement.classList.add('kiosk-mode');
    const events = ['pointerdown', 'keydown', 'input'] as const;
    for (const e of events) document.addEventListener(e, poke, { passive: true });
    const clock = setInterval(() => setNow(Date.now()), 15_000);
    onCleanup(() => {
      for (const e of events) document.removeEventListener(e, poke);
      clearInterval(clock);
      clearTimeout(idle);
      live()?.close();
    });
  });

  const sectors = () => bySector(data()?.services ?? []);
  const service = (id: number) => data()?.services.find((s) => s.id === id);

  const chooseSector = (sectorId: number) => {
    const g = sectors().find((s) => s.id === sectorId);
    if (g && g.services.length === 1) go({ name: 'priority', serviceId: g.services[0]!.id });
    else go({ name: 'services', sectorId });
  };

  const issue = async (serviceId: number, priority: string | null) => {
    const d = data();
    if (!d || busy()) return;
    setBusy(true);
    setError('');
    try {
      const ticket = await unwrap(
        api.offices[':officeId'].tickets.$post({ param: { officeId: d.officeId }, json: { serviceId, priority } }),
      );
      go({ name: 'ticket', ticket });
    } catch (e) {
      const err = e as { status?: number; message?: string };
      setError(err.status === 401 ? t('notPaired') : (err.message ?? String(e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="kiosk" classList={{ busy: busy() }}>
      <header class="k-header no-print">
        <div class="k-office">
          <Show when={data()}>{(d) => <p class="k-office-name">{d().settings.name}</p>}</Show>
          <p class="k-clock">
            <span>{formatTime(now())}</span> · <span>{formatDate(now())}</span>
          </p>
        </div>
        <Show when={live() && !live()!.connected()}>
          <span class="k-offline" role="status">
            {t('offline')}
          </span>
        </Show>
        <LangSwitch class="k-lang" />
      </header>

      <main class="k-main">
        <Show when={resource.state === 'errored'}>
          <div class="k-center">
            <h1>{t('loadFailed')}</h1>
            <button type="button" class="k-btn primary" onClick={() => refetch()}>
              {t('retry')}
            </button>
          </div>
        </Show>
        <Show when={data()}>
          {(d) => {
            return (
              <Switch>
                <Match when={screen().name === 'start'}>
                  <h1 class="k-title">{t('welcome')}</h1>
                  <div class="k-grid sectors">
                    <For each={sectors()}>
                      {(g) => (
                        <button type="button" class="k-btn sector" onClick={() => chooseSector(g.id)}>
                          <span class="k-btn-title">{g.name}</span>
                          <span class="k-btn-sub">{t('services', { n: g.services.length })}</span>
                        </button>
                      )}
                    </For>
                  </div>
                  <button type="button" class="k-btn booked" onClick={() => go({ name: 'checkin' })}>
                    <span class="k-btn-title">{t('booked')}</span>
                    <span class="k-btn-sub">{t('bookedHint')}</span>
                  </button>
                </Match>

                <Match when={screen().name === 'services' && (screen() as { sectorId: number }).sectorId} keyed>
                  {(sectorId) => {
                    const group = () => sectors().find((g) => g.id === sectorId);
                    return (
                      <>
                        <Nav onBack={home} onHome={home} />
                        <h1 class="k-title">
                          {t('chooseService')}: <span class="k-sector">{group()?.name}</span>
                        </h1>
                        <div class="k-grid services">
                          <For each={group()?.services ?? []}>
                            {(s) => (
                              <button
                                type="button"
                                class="k-btn service"
                                onClick={() => go({ name: 'priority', serviceId: s.id })}
                              >
                                <span class="k-btn-title">{s.name}</span>
                                <span class="k-btn-sub">
                                  {t('waiting', { n: s.waiting })} ·{' '}
                                  {s.etaMinutes > 0 ? t('eta', { n: s.etaMinutes }) : t('etaNone')}
                                </span>
                              </button>
                            )}
                          </For>
                        </div>
                      </>
                    );
                  }}
                </Match>

                <Match when={screen().name === 'priority' && (screen() as { serviceId: number }).serviceId} keyed>
                  {(serviceId) => {
                    const s = () => service(serviceId);
                    const back = () => {
                      const sec = s()?.sectorId;
                      const g = sectors().find((x) => x.id === sec);
                      if (g && g.services.length > 1) go({ name: 'services', sectorId: g.id });
                      else home();
                    };
                    return (
                      <>
                        <Nav onBack={back} onHome={home} />
                        <p class="k-chosen">{s()?.name}</p>
                        <h1 class="k-title">{t('priorityTitle')}</h1>
                        <p class="k-hint">{t('priorityHint')}</p>
                        <Show when={error()}>
                          <p class="k-error" role="alert">
                            {error()}
                          </p>
                        </Show>
                        <button type="button" class="k-btn primary none" disabled={busy()} onClick={() => issue(serviceId, null)}>
                          <span class="k-btn-title">{busy() ? t('issuing') : t('noPriority')}</span>
                        </button>
                        <div class="k-grid priorities">
                          <For each={d().settings.priorityCategories}>
                            {(p) => (
                              <button
                                type="button"
                                class="k-btn priority"
                                disabled={busy()}
                                onClick={() => issue(serviceId, p.code)}
                              >
                                <span class="k-btn-title">{lang() === 'en' ? p.en : p.vi}</span>
                              </button>
                            )}
                          </For>
                        </div>
                      </>
                    );
                  }}
                </Match>

                <Match when={screen().name === 'ticket' && (screen() as { ticket: IssuedTicket }).ticket} keyed>
                  {(ticket) => {
                    const svc = service(ticket.serviceId);
                    const category = d().settings.priorityCategories.find((p) => p.code === ticket.priority);
                    const { note, booked } = screen() as { note?: string; booked?: boolean };
                    return (
                      <TicketScreen
                        seconds={ticketSeconds}
                        onDone={home}
                        autoPrint={autoPrint}
                        note={note}
                        booked={booked}
                        slip={{
                          officeName: d().settings.name,
                          serviceName: svc?.name ?? '',
                          priorityName: category ? (lang() === 'en' ? category.en : category.vi) : undefined,
                          ticket,
                        }}
                      />
                    );
                  }}
                </Match>

                <Match when={screen().name === 'checkin'}>
                  <Nav onBack={home} onHome={home} />
                  <Suspense fallback={<p class="k-hint">…</p>}>
                    <CheckIn
                      officeId={d().officeId}
                      onTicket={(ticket, note) => go({ name: 'ticket', ticket, note, booked: ticket.source === 'booking' })}
                    />
                  </Suspense>
                </Match>
              </Switch>
            );
          }}
        </Show>
      </main>
    </div>
  );
}

function Nav(props: { onBack: () => void; onHome: () => void }) {
  return (
    <nav class="k-nav no-print" aria-label={t('back')}>
      <button type="button" class="k-btn nav" onClick={() => props.onBack()}>
        <span aria-hidden="true">←</span> {t('back')}
      </button>
      <button type="button" class="k-btn nav" onClick={() => props.onHome()}>
        {t('home')}
      </button>
    </nav>
  );
}

function TicketScreen(props: {
  slip: Parameters<typeof TicketSlip>[0];
  seconds: number;
  autoPrint: boolean;
  note?: string;
  booked?: boolean;
  onDone: () => void;
}) {
  const [left, setLeft] = createSignal(props.seconds);
  const timer = setInterval(() => {
    const n = left() - 1;
    setLeft(n);
    if (n <= 0) props.onDone();
  }, 1000);
  onCleanup(() => clearInterval(timer));
  let printed = false;
  const print = () => {
    try {
      window.print();
    } catch {
      /* no printer dialog in this browser */
    }
  };
  return (
    <div class="k-ticket">
      <h1 class="k-title no-print">{props.booked && !props.note ? t('checkedIn') : t('takeTicket')}</h1>
      <Show when={props.note}>
        <p class="k-note no-print" role="status">
          {props.note}
        </p>
      </Show>
      <TicketSlip
        {...props.slip}
        onReady={() => {
          if (props.autoPrint && !printed) {
            printed = true;
            // Let the QR paint first; with Chromium's --kiosk-printing this prints silently.
            setTimeout(print, 50);
          }
        }}
      />
      <div class="k-ticket-actions no-print">
        <button type="button" class="k-btn secondary" onClick={print}>
          {t('printAgain')}
        </button>
        <button type="button" class="k-btn primary" onClick={() => props.onDone()}>
          {t('done')}
        </button>
      </div>
      <p class="k-hint no-print" aria-live="off">
        {t('returning', { n: Math.max(0, left()) })}
      </p>
    </div>
  );
}
