// A QR code as inline SVG. The `qrcode` package is loaded on first use only, so pages that
// never show a code (and the first paint of those that do) stay light.
import { createResource, Show } from 'solid-js';

let lib: Promise<typeof import('qrcode')> | undefined;

export async function qrSvg(text: string, margin = 2): Promise<string> {
  lib ??= import('qrcode');
  const mod = await lib;
  // CommonJS package: its functions may sit on the default export, depending on the bundler.
  const qr = ((mod as { default?: typeof mod }).default ?? mod) as typeof mod;
  return qr.toString(text, { type: 'svg', margin, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } });
}

export function QrCode(props: { text: string; label: string; class?: string; margin?: number }) {
  const [svg] = createResource(
    () => props.text,
    (text) => qrSvg(text, props.margin),
  );
  return (
    <div class={`qr ${props.class ?? ''}`} role="img" aria-label={props.label} data-qr={props.text}>
      <Show when={svg()} fallback={<div class="qr-wait" />}>
        {(s) => <div class="qr-svg" aria-hidden="true" innerHTML={s()} />}
      </Show>
    </div>
  );
}
