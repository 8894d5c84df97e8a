// Booking on the phone (/book?office=N), one step per screen for a small cheap phone: office,
// area, procedure (with what to bring), day, time, name and phone, then the confirmation with
// the code, a QR code for the kiosk, the calendar file and the manage link.
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { ApiError, api, unwrap } from '../../web/api';
import { lang } from '../../web/i18n';
import { officeInUrl } from '../../web/office';
import { bookingApi } from '../common/booking-api';
import { LangSwitch } from '../common/lang-switch';
import { bySector } from '../common/office';
import { OfflineNote } from '../common/offline';
import { Confirmation } from './confirmation';
import { Earliest } from './earliest';
import { type Slot, SlotPicker } from './slot-picker';
import { t } from './text';
import './book.css';

type Step = 'office' | 'sector' | 'service' | 'day' | 'details' | 'done';
const STEPS: Step[] = ['sector', 'service', 'day', 'details'];

async function loadOffice(officeId: string) {
  const param = { officeId };
  const [settings, services] = await Promise.all([
    unwrap(api.offices[':officeId'].settings.public.$get({ param })),
    unwrap(api.offices[':officeId'].services.$get({ param })),
  ]);
  return { officeId, settings, services: services.filter((s) => s.bookable) };
}

export default function BookApp() {
  const [officeId, setOfficeId] = createSignal<string | null>(officeInUrl()?.toString() ?? null);
  const [offices] = createResource(
    () => !officeId(),
    () => unwrap(api.offices.$get()),
  );
  const [office] = createResource(officeId, loadOffice);
  const [step, setStep] = createSignal<Step>(officeId() ? 'sector' : 'office');
  const [sectorId, setSectorId] = createSignal<number | null>(null);
  const [serviceId, setServiceId] = createSignal<number | null>(null);
  const [day, setDay] = createSignal<string | null>(null);
  const [slot, setSlot] = createSignal<Slot | null>(null);
  const [reload, setReload] = createSignal(0);
  const [notice, setNotice] = createSignal('');
  const [booked, setBooked] = createSignal<{ token: string } | null>(null);

  const o = () => (office.state === 'ready' ? office() : undefined);
  const sectors = () => bySector(o()?.services ?? []);
  const service = () => o()?.services.find((s) => s.id === serviceId());
  const tz = () => o()?.settings.timezone ?? 'Asia/Ho_Chi_Minh';

  const go = (next: Step) => {
    setNotice('');
    setStep(next);
    window.scrollTo(0, 0);
    queueMicrotask(() => document.querySelector<HTMLElement>('main h1')?.focus());
  };
  const back = () => {
    const s = step();
    if (s === 'details') return go('day');
    if (s === 'day') {
      if (day()) return setDay(null);
      return go('service');
    }
    if (s === 'service') return go('sector');
    if (s === 'sector' && !officeInUrl()) return go('office');
  };

  const pickOffice = (id: number) => {
    setOfficeId(String(id));
    history.replaceState(null, '', `/book?office=${id}`);
    go('sector');
  };
  const pickSector = (id: number) => {
    setSectorId(id);
    go('service');
  };
  const pickService = (id: number) => {
    setServiceId(id);
    setDay(null);
    go('day');
  };
  const pickSlot = (s: Slot) => {
    setSlot(s);
    go('details');
  };

  const stepNumber = () => STEPS.indexOf(step()) + 1;
  document.title = `${t('title')}`;

  return (
    <div class="book">
      <header class="topbar">
        <p class="title">{o()?.settings.name ?? t('title')}</p>
        <LangSwitch />
      </header>
      <main class="page narrow">
        <OfflineNote />
        <Show when={step() !== 'office' && step() !== 'done' && !(step() === 'sector' && officeInUrl())}>
          <button type="button" class="btn secondary back" onClick={back}>
            <span aria-hidden="true">←</span> {t('back')}
          </button>
        </Show>
        <Show when={stepNumber() > 0}>
          <p class="progress" aria-hidden="true">
            {t('step', { n: stepNumber(), total: STEPS.length })}
          </p>
        </Show>
        <Show when={office.state === 'errored'}>
          <p class="error" role="alert">
            {(office.error as Error).message}
          </p>
        </Show>
        <Show when={notice()}>
          <p class="notice" role="alert">
            {notice()}
          </p>
        </Show>

        <Switch>
          <Match when={step() === 'office'}>
            <h1 tabindex="-1">{t('chooseOffice')}</h1>
            <ul class="choices">
              <For each={offices.state === 'ready' ? offices() : []}>
                {(x) => (
                  <li>
                    <button type="button" class="choice" onClick={() => pickOffice(x.id)}>
                      <span class="choice-title">{x.name}</span>
                      <span class="choice-sub">{x.address}</span>
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </Match>

          <Match when={step() === 'sector' && o()}>
            <h1 tabindex="-1">{t('chooseSector')}</h1>
            <Show when={sectors().length > 0} fallback={<p class="notice">{t('noBookable')}</p>}>
              <ul class="choices">
                <For each={sectors()}>
                  {(g) => (
                    <li>
                      <button type="button" class="choice" onClick={() => pickSector(g.id)}>
                        <span class="choice-title">{g.name}</span>
                        <span class="choice-sub">{g.services.map((s) => s.name).join(' · ')}</span>
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </Match>

          <Match when={step() === 'service' && o()}>
            <h1 tabindex="-1">{t('chooseService')}</h1>
            <ul class="choices">
              <For each={sectors().find((g) => g.id === sectorId())?.services ?? []}>
                {(s) => (
                  <li>
                    <button type="button" class="choice" onClick={() => pickService(s.id)}>
                      <span class="choice-title">{s.name}</span>
                      <Show when={s.whatToBring}>
                        <span class="choice-sub">
                          <strong>{t('bring')}:</strong> {s.whatToBring}
                        </span>
                      </Show>
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </Match>

          <Match when={step() === 'day' && o() && service()}>
            {(svc) => (
              <>
                <h1 tabindex="-1" class="chosen-service">
                  {svc().name}
                </h1>
                <SlotPicker
                  officeId={officeId()!}
                  serviceId={svc().id}
                  timeZone={tz()}
                  reloadKey={reload()}
                  day={day()}
                  onDay={setDay}
                  onSlot={pickSlot}
                />
                <Show when={!day()}>
                  <Earliest
                    code={svc().code}
                    timeZone={tz()}
                    currentOffice={officeId()!}
                    onPick={(c) => {
                      // The same flow at that centre, on that day.
                      if (String(c.officeId) !== officeId()) {
                        setOfficeId(String(c.officeId));
                        history.replaceState(null, '', `/book?office=${c.officeId}`);
                      }
                      setServiceId(c.serviceId);
                      setDay(c.day);
                      window.scrollTo(0, 0);
                    }}
                  />
                </Show>
              </>
            )}
          </Match>

          <Match when={step() === 'details' && o() && service() && slot()}>
            <Details
              officeId={officeId()!}
              serviceId={serviceId()!}
              serviceName={service()!.name}
              slot={slot()!}
              timeZone={tz()}
              onBooked={(b) => {
                setBooked(b);
                go('done');
              }}
              onSlotLost={(message) => {
                setReload((n) => n + 1);
                go('day');
                setNotice(message);
              }}
            />
          </Match>

          <Match when={step() === 'done' && booked()}>{(b) => <Confirmation token={b().token} timeZone={tz()} />}</Match>
        </Switch>
      </main>
    </div>
  );
}

function Details(props: {
  officeId: string;
  serviceId: number;
  serviceName: string;
  slot: Slot;
  timeZone: string;
  onBooked: (b: { token: string }) => void;
  onSlotLost: (message: string) => void;
}) {
  const [busy, setBusy] = createSignal(false);
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  // One key per filled form: a double tap or a retry after a lost answer books once.
  let idempotencyKey = crypto.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const fieldOf: Record<string, string> = { NAME_REQUIRED: 'name', INVALID_PHONE: 'phone', INVALID_ID_NUMBER: 'idNumber' };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy()) return;
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const value = (k: string) => String(form.get(k) ?? '').trim();
    setErrors({});
    setBusy(true);
    try {
      const made = await unwrap(
        bookingApi.offices[':officeId'].appointments.$post(
          {
            param: { officeId: props.officeId },
            json: {
              serviceId: props.serviceId,
              start: props.slot.start,
              name: value('name'),
              phone: value('phone'),
              idNumber: value('idNumber'),
            },
          },
          { headers: { 'Idempotency-Key': idempotencyKey } },
        ),
      );
      props.onBooked({ token: made.token });
    } catch (err) {
      const code = err instanceof ApiError ? err.code : 'NETWORK';
      const message = err instanceof Error ? err.message : String(err);
      if (code === 'SLOT_FULL' || code === 'NOT_A_SLOT' || code === 'SLOT_IN_PAST' || code === 'OUTSIDE_WINDOW') {
        props.onSlotLost(message);
        return;
      }
      if (code !== 'NETWORK') idempotencyKey = crypto.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
      setErrors({ [fieldOf[code] ?? 'form']: message });
      queueMicrotask(() => document.querySelector<HTMLElement>('[aria-invalid="true"], .form-error')?.focus());
    } finally {
      setBusy(false);
    }
  };

  const when = () =>
    `${new Intl.DateTimeFormat(lang() === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: props.timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(props.slot.start))}, ${new Intl.DateTimeFormat(lang() === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: props.timeZone, weekday: 'long', day: 'numeric', month: 'numeric' }).format(new Date(props.slot.start))}`;

  return (
    <>
      <h1 tabindex="-1">{t('yourDetails')}</h1>
      <p class="summary">
        <strong>{props.serviceName}</strong>
        <br />
        {when()}
      </p>
      <form class="details" onSubmit={submit} novalidate>
        <Show when={errors().form}>
          <p class="error form-error" role="alert" tabindex="-1">
            {errors().form}
          </p>
        </Show>
        <Field name="name" label={t('name')} autocomplete="name" error={errors().name} required />
        <Field
          name="phone"
          label={t('phone')}
          hint={t('phoneHint')}
          type="tel"
          inputmode="tel"
          autocomplete="tel"
          error={errors().phone}
          required
        />
        <Field
          name="idNumber"
          label={t('idNumber')}
          hint={t('idHint')}
          inputmode="numeric"
          autocomplete="off"
          error={errors().idNumber}
        />
        <button type="submit" class="btn primary wide" disabled={busy()}>
          {busy() ? t('booking') : t('book')}
        </button>
      </form>
    </>
  );
}

function Field(props: {
  name: string;
  label: string;
  hint?: string;
  type?: string;
  inputmode?: 'tel' | 'numeric' | 'text';
  autocomplete?: string;
  error?: string;
  required?: boolean;
}) {
  const id = `f-${props.name}`;
  const described = () =>
    [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>
        {props.label}
        <Show when={props.required}>
          <span aria-hidden="true"> *</span>
        </Show>
      </label>
      <Show when={props.hint}>
        <span id={`${id}-hint`} class="hint">
          {props.hint}
        </span>
      </Show>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        inputmode={props.inputmode}
        autocomplete={props.autocomplete}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described()}
      />
      <Show when={props.error}>
        <span id={`${id}-error`} class="field-error">
          {props.error}
        </span>
      </Show>
    </div>
  );
}
