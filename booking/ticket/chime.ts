// The "your turn" sound: the office chime the lobby display uses (/audio/vi/chime.wav), or a
// two-note chime made with Web Audio when that file cannot be had (offline, old phone).
// Phones only allow sound after a tap, so the page unlocks the audio context on the first tap.
let ctx: AudioContext | null = null;
let clip: AudioBuffer | null = null;

export function unlockAudio(): boolean {
  try {
    if (!ctx) {
      ctx = new AudioContext();
      const audio = ctx;
      fetch('/audio/vi/chime.wav')
        .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(String(r.status)))))
        .then((bytes) => audio.decodeAudioData(bytes))
        .then((buffer) => {
          clip = buffer;
        })
        .catch(() => {
          /* keep the synthesized chime */
        });
    }
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
  if (clip) {
    const source = audio.createBufferSource();
    source.buffer = clip;
    source.connect(audio.destination);
    source.start();
    return;
  }
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
