// A short two-note chime made with Web Audio (no file to download, works offline). Phones only
// allow sound after a tap, so the page unlocks the audio context on the resident's first tap.
let ctx: AudioContext | null = null;

export function unlockAudio(): boolean {
  try {
    ctx ??= new AudioContext();
    if (ctx.state === 'suspended') void ctx.resume();
    return true;
  } catch {
    return false;
  }
}

export function audioReady(): boolean {
  return ctx?.state === 'running';
}

export function chime(): void {
  if (ctx?.state !== 'running') return;
  const audio = ctx;
  const start = audio.currentTime + 0.05;
  [659.25, 523.25, 659.25, 523.25].forEach((freq, i) => {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    const t0 = start + i * 0.35;
    gain.gain.setValueAtTime(0.0001, t0);
    gain.gain.exponentialRampToValueAtTime(0.6, t0 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.5);
    osc.connect(gain).connect(audio.destination);
    osc.start(t0);
    osc.stop(t0 + 0.55);
  });
}

export function vibrate(): void {
  try {
    navigator.vibrate?.([400, 150, 400, 150, 400]);
  } catch {
    /* not supported */
  }
}
