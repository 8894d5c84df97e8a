// The result of the last action: a server refusal (code and message, never swallowed) or a
// short confirmation.
import { type JSX, Show } from 'solid-js';
import { useTerminal } from './state';
import { t } from './text';

export function Messages(): JSX.Element {
  const term = useTerminal();
  return (
    <div class="messages">
      <Show when={term.error()}>
        {(e) => (
          <div class="alert" role="alert" data-code={e().code}>
            <p>
              <strong>{t('errorTitle')}:</strong> {e().message}{' '}
              <span class="alert-code">
                ({e().status ? `${e().status} ` : ''}
                {e().code})
              </span>
            </p>
            <button type="button" class="btn btn-quiet btn-small" onClick={() => term.dismissError()}>
              {t('dismiss')}
            </button>
          </div>
        )}
      </Show>
      <p class="notice" role="status">
        {term.error() ? '' : (term.notice()?.() ?? '')}
      </p>
    </div>
  );
}
