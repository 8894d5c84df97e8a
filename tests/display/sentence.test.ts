import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ClipManifest } from '../../web/voice/player';
import { announcement, CHIME, spokenText } from '../../web/voice/sentence';

const manifest = JSON.parse(readFileSync('web/public/audio/vi/manifest.json', 'utf8')) as ClipManifest;

describe('the announcement sentence', () => {
  it('shows the number as printed and speaks it the Vietnamese way', () => {
    const a = announcement({ number: 'A023', counterNumber: 3, recall: false });
    expect(a.text).toBe('Kính mời công dân có số thứ tự A023 đến quầy số 3');
    expect(a.words).toEqual(['Kính mời công dân có số thứ tự', 'a', 'hai', 'mươi', 'ba', 'đến quầy số', 'ba']);
    expect(spokenText(a)).toBe('Kính mời công dân có số thứ tự a hai mươi ba đến quầy số ba');
    expect(a).toMatchObject({ number: 'A023', counterNumber: 3, recall: false });
  });

  it('keeps the recall flag and reads counters above nine', () => {
    const a = announcement({ number: 'L1015', counterNumber: 15, recall: true });
    expect(a.recall).toBe(true);
    expect(spokenText(a)).toBe('Kính mời công dân có số thứ tự e lờ một nghìn không trăm mười lăm đến quầy số mười lăm');
  });

  it('has a recorded clip for every word it can say, and for the chime', () => {
    const words = new Set<string>([CHIME]);
    for (const letter of 'ABCDĐEFGHIJKLMNOPQRSTUVWXYZ') {
      for (const n of [0, 1, 4, 5, 10, 14, 15, 21, 24, 25, 105, 999, 1000, 1005, 123_456_789]) {
        for (const w of announcement({ number: `${letter}${n}`, counterNumber: (n % 30) + 1 }).words) words.add(w);
      }
    }
    for (const w of announcement({ number: 'A024', counterNumber: 24 }, { four: 'tư' }).words) words.add(w);
    const missing = [...words].filter((w) => !manifest.clips[w]);
    expect(missing).toEqual([]);
    for (const clip of Object.values(manifest.clips)) {
      for (const format of manifest.formats) {
        const size = readFileSync(`web/public/audio/vi/${clip.file}.${format}`).length;
        expect(size).toBeGreaterThan(1000);
        expect(size).toBeLessThan(64 * 1024);
      }
      expect(clip.duration).toBeGreaterThan(0.1);
      expect(clip.duration).toBeLessThan(4);
    }
  });
});
