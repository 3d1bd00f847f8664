// The host's wall clock: a Node host always has trusted time (the OS keeps it).
import type { Clock } from '../types';

export function nodeClock(): Clock {
  return {
    now: function (): number { return Math.floor(new Date().getTime() / 1000); },
  };
}
