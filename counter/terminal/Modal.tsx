// A native modal <dialog>: focus moves in and is trapped, Escape closes, focus returns after.
import { createUniqueId, type JSX, onCleanup, onMount } from 'solid-js';

export function Modal(props: { title: string; onClose: () => void; children: JSX.Element; wide?: boolean }): JSX.Element {
  let el!: HTMLDialogElement;
  const titleId = createUniqueId();
  const opener = document.activeElement as HTMLElement | null;
  onMount(() => el.showModal());
  onCleanup(() => {
    if (el.open) el.close();
    opener?.focus?.();
  });
  return (
    <dialog
      ref={el}
      class="modal"
      classList={{ 'modal-wide': props.wide }}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <h2 id={titleId}>{props.title}</h2>
      {props.children}
    </dialog>
  );
}

/** A dialog form's two buttons: cancel (closes it) and submit (off while the request runs). */
export function DialogActions(props: { cancel: string; busy: boolean; onClose: () => void; children: JSX.Element }): JSX.Element {
  return (
    <div class="dialog-actions">
      <button type="button" class="btn btn-secondary" onClick={props.onClose}>
        {props.cancel}
      </button>
      <button type="submit" class="btn btn-primary" disabled={props.busy}>
        {props.children}
      </button>
    </div>
  );
}
