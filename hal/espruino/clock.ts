// The clock rule every device backend shares. A board that has not been told the time (no SNTP,
// no setTime, no RTC battery) counts from 1970 or from its firmware's build date after each boot;
// certificate validity checked against that would be wrong either way. So a reading earlier
// than CLOCK_FLOOR, a moment before this code was written, means "no trusted time" and the HAL
// says -1 (hal/types.ts), and the certificate checks follow their TimePolicy for that case.
import type { Clock } from '../types';

/** 2026-01-01T00:00:00Z in seconds. Any correctly set clock reads later than this. */
export const CLOCK_FLOOR = 1767225600;

/** A Clock over a source of milliseconds since the epoch (Date.now on every engine here). */
export function flooredClock(nowMs: () => number): Clock {
  return {
    now: function (): number {
      const s = Math.floor(nowMs() / 1000);
      return s >= CLOCK_FLOOR ? s : -1;
    },
  };
}
