// "Đã đặt lịch hẹn": check a booking in by its code, typed on the on-screen keyboard, typed by a
// USB scanner (which types the QR's content then Enter) or read by the camera. The QR holds
// the booking's /a/<token> URL; a bare code works too. A dossier's receipt (its code, or the
// /h/<token> link of its QR) gives a ticket in the result-return line once the result is ready.
import { createSignal, For, onMount, Show } from 'solid-js';
import { ApiError, api, unwrap } from '../../web/api';
import { CameraScan } from '../common/camera-scan';
import { t } from './text';
import type { IssuedTicket } from './ticket-slip';

/** Booking codes avoid look-alikes: no 0/O, no 1/I. */
export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const MAX_CODE = 8;

/**
 * A dossier's receipt scanned or typed: its code (HS001-261130-0007), or the /h/<token> link its
 * QR holds (read to the code). The kiosk then asks for a result-pickup ticket, not a check-in.
 */
async function dossierCode(text: string): Promise<string | null> {
  const code = /^HS\d{3}-\d{6}-\d{4}$/i.exec(text)?.[0];
  if (code) return code.toUpperCase();
  const token = /\/h\/([A-Za-z0-9_-]{16,64})\/?$/.exec(text)?.[1];
  if (!token) return null;
  return (await unwrap(api.dossiers[':token'].$get({ param: { token } }))).code;
}

export default function CheckIn(props: { officeId: string; onTicket: (ticket: IssuedTicket, note?: string) => void }) {
  const [value, setValue] = createSignal('');
  const [message, setMessage] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [camera, setCamera] = createSignal(false);
  let input!: HTMLInputElement;

  const focus = () => input?.focus({ preventScroll: true });
  onMount(focus);

  const submit = async (raw = value()) => {
    if (busy()) return;
    // The server reads both a typed code and the scanned /a/<token> URL.
    const code = raw.trim();
    if (!code) return;
    setBusy(true);
    setMessage(t('checkingIn'));
    try {
      const dossier = await dossierCode(code);
      const ticket = dossier
        ? await unwrap(api.offices[':officeId'].pickup.$post({ param: { officeId: props.officeId }, json: { code: dossier } }))
        : await unwrap(api.offices[':officeId']['check-in'].$post({ param: { officeId: props.officeId }, json: { code } }));
      setValue('');
      setMessage('');
      props.onTicket(ticket, 'notice' in ticket ? (ticket.notice as string | undefined) : undefined);
    } catch (e) {
      // A server without the booking feature answers the generic NOT_FOUND: say so, never pretend.
      if (e instanceof ApiError && e.code === 'NOT_FOUND') setMessage(t('checkInUnavailable'));
      else if (e instanceof ApiError && e.status === 401) setMessage(t('notPaired'));
      else setMessage(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
      focus();
    }
  };

  const press = (ch: string) => {
    setValue((v) => (v + ch).slice(0, MAX_CODE));
    setMessage('');
    focus();
  };

  return (
    <div class="k-checkin">
      <h1 class="k-title">{t('booked')}</h1>
      <p class="k-hint">{t('bookedHint')}</p>
      <form
        class="k-code-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label class="k-code-label" for="booking-code">
          {t('codeLabel')}
        </label>
        <div class="k-code-row">
          {/* inputmode=none: no system keyboard on the touch screen; a USB scanner still types here. */}
          <input
            ref={input}
            id="booking-code"
            class="k-code"
            inputmode="none"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            maxLength={200}
            value={value()}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
          <button type="submit" class="k-btn primary" disabled={busy() || !value().trim()}>
            {t('checkIn')}
          </button>
        </div>
      </form>
      <Show when={message()}>
        <p class="k-message" role="alert">
          {message()}
        </p>
      </Show>
      <fieldset class="k-keys">
        <legend class="visually-hidden">{t('keyboard')}</legend>
        <For each={[...CODE_ALPHABET]}>
          {(ch) => (
            <button type="button" class="k-key" onClick={() => press(ch)}>
              {ch}
            </button>
          )}
        </For>
        <button
          type="button"
          class="k-key wide"
          aria-label={t('eraseOne')}
          onClick={() => {
            setValue((v) => v.slice(0, -1));
            focus();
          }}
        >
          ⌫ {t('erase')}
        </button>
        <button
          type="button"
          class="k-key wide"
          onClick={() => {
            setValue('');
            setMessage('');
            focus();
          }}
        >
          {t('clear')}
        </button>
      </fieldset>
      <div class="k-camera">
        <Show
          when={camera()}
          fallback={
            <button type="button" class="k-btn secondary" onClick={() => setCamera(true)}>
              {t('camera')}
            </button>
          }
        >
          <CameraScan
            class="k-video"
            hint={t('cameraHint')}
            onResult={(text) => {
              setCamera(false);
              setValue(text);
              void submit(text);
            }}
            onError={() => {
              setCamera(false);
              setMessage(t('cameraUnavailable'));
            }}
          />
          <button type="button" class="k-btn secondary" onClick={() => setCamera(false)}>
            {t('cameraStop')}
          </button>
        </Show>
      </div>
    </div>
  );
}
