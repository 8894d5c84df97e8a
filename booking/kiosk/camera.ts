// Reads a QR code from the kiosk's camera: the browser's BarcodeDetector where it exists
// (Chromium on ChromeOS/Android/macOS), else jsQR over canvas frames, loaded only now.

interface Detector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}

declare global {
  interface Window {
    BarcodeDetector?: {
      new (options: { formats: string[] }): Detector;
      getSupportedFormats?: () => Promise<string[]>;
    };
  }
}

async function nativeDetector(): Promise<Detector | null> {
  const BD = window.BarcodeDetector;
  if (!BD) return null;
  try {
    const formats = (await BD.getSupportedFormats?.()) ?? ['qr_code'];
    return formats.includes('qr_code') ? new BD({ formats: ['qr_code'] }) : null;
  } catch {
    return null;
  }
}

async function jsqrDetector(): Promise<Detector> {
  const { default: jsQR } = await import('jsqr');
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  return {
    async detect(source) {
      const v = source as HTMLVideoElement;
      const w = v.videoWidth;
      const h = v.videoHeight;
      if (!w || !h) return [];
      canvas.width = w;
      canvas.height = h;
      ctx.drawImage(v, 0, 0, w, h);
      const found = jsQR(ctx.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: 'dontInvert' });
      return found ? [{ rawValue: found.data }] : [];
    },
  };
}

/** Starts the camera in `video` and calls onResult once with the first code read; returns stop. */
export async function startScanner(video: HTMLVideoElement, onResult: (text: string) => void): Promise<() => void> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user' }, audio: false });
  video.srcObject = stream;
  await video.play();
  const detector = (await nativeDetector()) ?? (await jsqrDetector());
  let running = true;
  const stop = () => {
    running = false;
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  const tick = async () => {
    if (!running) return;
    try {
      const [hit] = await detector.detect(video);
      if (hit?.rawValue && running) {
        stop();
        onResult(hit.rawValue);
        return;
      }
    } catch {
      /* a frame that could not be read */
    }
    setTimeout(tick, 200);
  };
  void tick();
  return stop;
}
