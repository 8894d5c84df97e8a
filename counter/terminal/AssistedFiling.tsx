// "Hỗ trợ nộp trực tuyến" on the desk: the officer marks that they helped the resident being
// served file online (the national portal's dossier code optional), so the centre knows its share
// of assisted online filings (capability 16; POST /api/offices/:officeId/assisted-filings). The
// mark carries a key made here: pressing again or a repeated delivery records it once.
import { createSignal, type JSX, Show } from 'solid-js';
import { ApiError, api, unwrap } from '../../web/api';
import { DialogActions, Modal } from './Modal';
import { t } from './text';

const newKey = () => crypto.randomUUID().replaceAll('-', '');

export function AssistedFilingDialog(props: {
  officeId: number;
  ticketId: number;
  number: string;
  onClose: () => void;
}): JSX.Element {
  const [code, setCode] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [done, setDone] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const key = newKey();
  return (
    <Modal title={t('assistedTitle', { number: props.number })} onClose={props.onClose}>
      <Show
        when={!done()}
        fallback={
          <>
            <p role="status" class="assisted-done">
              {t('assistedDone')}
            </p>
            <div class="dialog-actions">
              <button
                type="button"
                class="btn btn-primary"
                onClick={props.onClose}
                ref={(el) => queueMicrotask(() => el.focus())}
              >
                {t('close')}
              </button>
            </div>
          </>
        }
      >
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            setError(null);
            try {
              await unwrap(
                api.offices[':officeId']['assisted-filings'].$post({
                  param: { officeId: String(props.officeId) },
                  json: { key, ticketId: props.ticketId, ...(code().trim() ? { portalCode: code().trim() } : {}) },
                }),
              );
              setDone(true);
            } catch (err) {
              setError(err instanceof ApiError ? `${err.message} (${err.code})` : String(err));
            } finally {
              setBusy(false);
            }
          }}
        >
          <p class="hint">{t('assistedHint')}</p>
          <label for="assisted-code">{t('assistedCode')}</label>
          <input
            id="assisted-code"
            type="text"
            maxLength={60}
            autocomplete="off"
            value={code()}
            onInput={(e) => setCode(e.currentTarget.value)}
            ref={(el) => queueMicrotask(() => el.focus())}
          />
          <Show when={error()}>
            <p class="alert alert-inline" role="alert">
              {error()}
            </p>
          </Show>
          <DialogActions cancel={t('cancel')} busy={busy()} onClose={props.onClose}>
            {t('assistedSave')}
          </DialogActions>
        </form>
      </Show>
    </Modal>
  );
}
