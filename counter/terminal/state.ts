// The counter terminal's one state factory, created once and provided by context: who is signed
// in, the office's reference data, the chosen counter and its live snapshot, and the officer's
// actions. Components render; they never fetch. Every server refusal is kept in `error` and
// shown, never swallowed.
import { createContext, createSignal, useContext } from 'solid-js';
import type { CounterView } from '../../server/realtime/contract';
import { ApiError, api, type Ok, unwrap } from '../../web/api';
import { lang } from '../../web/i18n';
import { createLive } from '../../web/live';
import { screenOffice } from '../../web/office';
import { createQueueWatch, watchedServices } from './queue-watch';
import { t } from './text';

type Json = { ok: boolean; status: number; json(): Promise<unknown> };

type Body<F extends (...args: never[]) => Promise<Json>> = Ok<Awaited<ReturnType<F>>>;
const counterApi = api.counters[':counterId'];

export type Snapshot = Body<typeof counterApi.$get>;
export type TicketDetail = NonNullable<Snapshot['current']>;
export type Today = Body<typeof counterApi.today.$get>;
export type Me = Body<typeof api.auth.me.$get>['user'];
export type ServiceItem = Body<(typeof api.offices)[':officeId']['services']['$get']>[number];
export type CounterItem = Body<(typeof api.offices)[':officeId']['counters']['$get']>[number];
export type OfficeInfo = Body<(typeof api.offices)[':officeId']['settings']['public']['$get']>;

export type SimpleAction = 'recall' | 'start' | 'hold' | 'finish' | 'no-show' | 'resume';

const rememberKey = (officeId: number) => `counter-terminal:office-${officeId}:counter`;

function remembered(officeId: number): number | null {
  try {
    const v = Number(localStorage.getItem(rememberKey(officeId)));
    return Number.isInteger(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

function remember(officeId: number, counterId: number): void {
  try {
    localStorage.setItem(rememberKey(officeId), String(counterId));
  } catch {
    /* private mode: the chooser simply asks again */
  }
}

export function createTerminal() {
  const [me, setMe] = createSignal<Me | null | undefined>(undefined);
  const [office, setOffice] = createSignal<OfficeInfo | null>(null);
  const [services, setServices] = createSignal<ServiceItem[]>([]);
  const [counters, setCounters] = createSignal<CounterItem[]>([]);
  const [counterId, setCounterId] = createSignal<number | null>(null);
  const [snap, setSnap] = createSignal<Snapshot | null>(null);
  const [fetchedAt, setFetchedAt] = createSignal(Date.now());
  const [today, setToday] = createSignal<Today | null>(null);
  const [reasons, setReasons] = createSignal<Record<number, string>>({});
  const [error, setError] = createSignal<ApiError | null>(null);
  // A thunk, so a confirmation follows a language switch.
  const [notice, setNotice] = createSignal<(() => string) | null>(null);
  const [busy, setBusy] = createSignal(false);
  // Signed in and the office loaded: until then the chooser would flash before the desk.
  const [ready, setReady] = createSignal(false);
  const [connected, setConnected] = createSignal<() => boolean>(() => false);
  let live: ReturnType<typeof createLive> | null = null;

  // Resolved at sign-in (web/office.ts): the address's office, else the officer's own.
  const [officeId, setOfficeId] = createSignal<number | null>(null);

  function fail(e: unknown): void {
    setNotice(null);
    setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
    // The session ended (expired, or signed out elsewhere): back to the sign-in, saying why.
    if (e instanceof ApiError && e.status === 401 && me()) {
      leave();
      setMe(null);
    }
  }

  async function init(): Promise<void> {
    setReady(false);
    try {
      const { user } = await unwrap(api.auth.me.$get());
      setOfficeId(await screenOffice(user));
      setMe(user);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) fail(e);
      setMe(null);
      return;
    }
    await loadOffice();
    const id = remembered(officeId()!);
    // Straight back to the desk when this officer still holds the remembered counter.
    if (id !== null) {
      try {
        const s = await unwrap(counterApi.$get({ param: { counterId: String(id) } }));
        if (s.counter.status !== 'closed' && s.counter.officerId === me()?.id) enter(id, s);
      } catch {
        /* the chooser shows the counters */
      }
    }
    setReady(true);
  }

  async function loadOffice(): Promise<void> {
    const param = { officeId: String(officeId()) };
    try {
      const [o, s, c] = await Promise.all([
        unwrap(api.offices[':officeId'].settings.public.$get({ param })),
        unwrap(api.offices[':officeId'].services.$get({ param })),
        unwrap(api.offices[':officeId'].counters.$get({ param })),
      ]);
      setOffice(o);
      setServices(s);
      setCounters(c);
    } catch (e) {
      fail(e);
    }
  }

  async function refreshCounters(): Promise<void> {
    try {
      setCounters(await unwrap(api.offices[':officeId'].counters.$get({ param: { officeId: String(officeId()) } })));
    } catch (e) {
      fail(e);
    }
  }

  async function login(username: string, password: string): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await unwrap(api.auth.login.$post({ json: { username, password } }));
      await init();
      return true;
    } catch (e) {
      fail(e);
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function logout(): Promise<void> {
    try {
      await unwrap(api.auth.logout.$post());
    } catch (e) {
      fail(e);
    }
    leave();
    setMe(null);
  }

  function enter(id: number, s: Snapshot): void {
    remember(officeId()!, id);
    setCounterId(id);
    setSnap(s);
    setFetchedAt(Date.now());
    connectLive();
    void loadToday();
  }

  function leave(): void {
    live?.close();
    live = null;
    setCounterId(null);
    setSnap(null);
    setToday(null);
  }

  async function openCounter(id: number): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await unwrap(counterApi.open.$post({ param: { counterId: String(id) } }));
      enter(id, await unwrap(counterApi.$get({ param: { counterId: String(id) } })));
      setNotice(null);
    } catch (e) {
      fail(e);
      void refreshCounters();
    } finally {
      setBusy(false);
    }
  }

  function connectLive(): void {
    live?.close();
    const mine = counterId();
    // Snapshots where the lines this terminal lists did not change leave its list as it is
    // (queue-watch.ts); the first one after (re)connecting always refetches.
    const watch = createQueueWatch();
    const watched = () => {
      const s = snap();
      return s ? watchedServices(s) : null;
    };
    live = createLive({
      auth: { officeId: officeId()! },
      handlers: {
        queue: (e) => {
          if (watch.snapshot(e.services, watched())) void refresh();
        },
        counter: (e) => {
          if (e.id === mine) void refresh(true);
          // A counter closing sends the tickets sent to it back to their lines, ours among them.
          else if (e.status === 'closed') void refresh();
        },
        call: (e) => {
          if (e.counterId === mine) void refresh(true);
          else watch.called(e.serviceId, watched(), e.recall);
        },
      },
      onResync: () => {
        watch.reset();
        void refresh(true);
      },
    });
    setConnected(() => live!.connected);
  }

  // Refetches coalesce: while one is in flight, events only ask for one more afterwards.
  let inflight: Promise<void> | null = null;
  let again = false;
  let actionGen = 0;
  let againToday = false;
  function refresh(withToday = false): Promise<void> {
    againToday ||= withToday;
    if (inflight) {
      again = true;
      return inflight;
    }
    inflight = (async () => {
      do {
        again = false;
        const id = counterId();
        if (id === null) return;
        const wantToday = againToday;
        againToday = false;
        try {
          const gen = actionGen;
          const s = await unwrap(counterApi.$get({ param: { counterId: String(id) } }));
          if (counterId() !== id) return;
          // Read before an action's answer was shown: stale, read again.
          if (gen !== actionGen) {
            again = true;
            continue;
          }
          // Closed elsewhere (another tab, or the day's end): back to the choice of counter.
          if (s.counter.status === 'closed' || s.counter.officerId !== me()?.id) {
            await refreshCounters();
            if (counterId() !== id) return;
            leave();
            setNotice(() => () => t('closed'));
            return;
          }
          setSnap(s);
          setFetchedAt(Date.now());
          if (wantToday) await loadToday();
        } catch (e) {
          fail(e);
        }
      } while (again);
    })().finally(() => {
      inflight = null;
    });
    return inflight;
  }

  async function loadToday(): Promise<void> {
    const id = counterId();
    if (id === null) return;
    try {
      setToday(await unwrap(counterApi.today.$get({ param: { counterId: String(id) } })));
    } catch (e) {
      fail(e);
    }
  }

  /** Runs one officer action; a refusal stays on screen until the next action or dismissal. */
  async function run<T>(request: () => Promise<T>, done: (value: T) => () => string): Promise<boolean> {
    if (busy()) return false;
    setBusy(true);
    setError(null);
    try {
      const value = await request();
      applyResult(value);
      setNotice(() => done(value));
      setBusy(false);
      void refresh(true);
      return true;
    } catch (e) {
      fail(e);
      setBusy(false);
      void refresh(true);
      return false;
    }
  }

  /** Every counter action answers with the counter and its ticket: show them at once, so the
   * next key press is judged on the new state; the refetch that follows brings the lists. */
  function applyResult(value: unknown): void {
    const r = value as { ticket?: TicketDetail | null; counter?: CounterView };
    const s = snap();
    if (!s || !r.counter || r.counter.id !== s.counter.id) return;
    actionGen++;
    const currentId = r.counter.currentTicketId ?? null;
    const ticket = r.ticket ?? null;
    setSnap({
      ...s,
      counter: { ...s.counter, status: r.counter.status, pauseReason: r.counter.pauseReason, onHold: r.counter.onHold },
      current: currentId === null ? null : ticket?.id === currentId ? ticket : s.current,
      onHold: s.onHold.filter((h) => r.counter!.onHold.includes(h.id)),
      waiting: ticket && ticket.state !== 'waiting' ? s.waiting.filter((w) => w.id !== ticket.id) : s.waiting,
    });
  }

  const param = () => ({ counterId: String(counterId()) });
  const currentNumber = () => snap()?.current?.number ?? '';

  function noteReason(r: { ticket: { id: number; number: string }; reason: string }): () => string {
    setReasons((m) => ({ ...m, [r.ticket.id]: r.reason }));
    return () => t('called', { number: r.ticket.number });
  }

  const actions = {
    callNext: () => run(() => unwrap(counterApi['call-next'].$post({ param: param() })), noteReason),
    callTicket: (ticketId: number, reason?: string) =>
      run(
        () => unwrap(counterApi.call.$post({ param: param(), json: reason === undefined ? { ticketId } : { ticketId, reason } })),
        noteReason,
      ),
    simple: (action: SimpleAction) => {
      const number = currentNumber();
      return run(
        // Each of these answers { ticket, counter }; the recall count is the ticket's.
        () => unwrap(counterApi[action].$post({ param: param() })) as Promise<{ ticket: { recallCount: number } | null }>,
        (r) => {
          const ticket = r.ticket;
          switch (action) {
            case 'recall':
              return () => t('recalled', { number, n: (ticket?.recallCount ?? 0) + 1 });
            case 'start':
              return () => t('started', { number });
            case 'hold':
              return () => t('held', { number });
            case 'finish':
              return () => t('finished', { number });
            case 'no-show':
              return () => t('noShowed', { number });
            case 'resume':
              return () => t('resumed');
          }
        },
      );
    },
    transfer: (target: { serviceId: number } | { counterId: number }) => {
      const number = currentNumber();
      return run(
        () => unwrap(counterApi.transfer.$post({ param: param(), json: target })),
        () => () => t('transferred', { number }),
      );
    },
    pause: (reason: string) =>
      run(
        () => unwrap(counterApi.pause.$post({ param: param(), json: { reason } })),
        () => () => t('paused'),
      ),
    close: async () => {
      const ok = await run(
        () => unwrap(counterApi.close.$post({ param: param() })),
        () => () => t('closed'),
      );
      if (ok) {
        // Read the counters first, so the choice never shows this counter as still open.
        await refreshCounters();
        leave();
      }
      return ok;
    },
  };

  return {
    me,
    ready,
    office,
    officeId,
    services,
    counters,
    counterId,
    snap,
    fetchedAt,
    today,
    reasons,
    error,
    notice,
    busy,
    connected: () => connected()(),
    lang,
    init,
    login,
    logout,
    openCounter,
    refreshCounters,
    refresh,
    actions,
    dismissError: () => setError(null),
    dispose: leave,
    serviceName: (id: number) => services().find((s) => s.id === id)?.name ?? `#${id}`,
    priorityLabel: (code: string | null) => {
      if (!code) return null;
      const p = office()?.priorityCategories.find((c) => c.code === code);
      return p ? p[lang()] : code;
    },
  };
}

export type Terminal = ReturnType<typeof createTerminal>;

const TerminalContext = createContext<Terminal>();
export const TerminalProvider = TerminalContext.Provider;

export function useTerminal(): Terminal {
  const ctx = useContext(TerminalContext);
  if (!ctx) throw new Error('useTerminal outside TerminalProvider');
  return ctx;
}
