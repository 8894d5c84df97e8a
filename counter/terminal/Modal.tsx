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
