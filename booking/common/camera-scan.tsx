// A camera reading QR codes (the kiosk's check-in, the outreach laptop's): the reader and its
// decoder load only when the camera is opened; `onError` when the camera cannot start.
import { type JSX, onCleanup, onMount } from 'solid-js';

export function CameraScan(props: {
  onResult: (text: string) => void;
  onError: () => void;
  class: string;
  hint: string;
}): JSX.Element {
  let video!: HTMLVideoElement;
  let stop: (() => void) | undefined;
  let cancelled = false;
  onMount(async () => {
    try {
      const { startScanner } = await import('../kiosk/camera');
      if (cancelled) return;
      stop = await startScanner(video, props.onResult);
      if (cancelled) stop();
    } catch {
      props.onError();
    }
  });
  onCleanup(() => {
    cancelled = true;
    stop?.();
  });
  return (
    <figure class={props.class}>
      <video ref={video} muted playsinline />
      <figcaption>{props.hint}</figcaption>
    </figure>
  );
}
