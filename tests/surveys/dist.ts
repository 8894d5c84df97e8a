// The counter app (rating pad, supervisor) and the resident app (the phone survey on /t/...)
// built by their own helpers, merged into one folder the test server serves: independent of
// other apps' work in progress and of concurrent rebuilds of dist/.
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { counterDist } from '../admin/counter-dist';
import { bookingDist } from '../browser/booking-dist';

export async function surveyDist(): Promise<string> {
  const counter = await counterDist();
  const booking = await bookingDist();
  const target = resolve(import.meta.dirname, '../../test-results/survey-dist', `${basename(counter)}-${basename(booking)}`);
  if (existsSync(join(target, 'booking', 'index.html'))) return target;
  const temp = `${target}.tmp-${process.pid}`;
  mkdirSync(temp, { recursive: true });
  cpSync(counter, temp, { recursive: true });
  cpSync(booking, temp, { recursive: true });
  try {
    renameSync(temp, target);
  } catch {
    rmSync(temp, { recursive: true, force: true });
  }
  return target;
}
