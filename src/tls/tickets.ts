// Resumption state a server keeps behind a ticket, its encoding, and an in-memory ticket store
// (tickets are random identifiers; 0-RTT is claimed once per ticket).
import type { TicketStore, EngineConfig } from './types';
import type { Reader } from './codec';
import { writer, put8, put16, put32, putBytes, written, reader, u8, u16, u32, vec, copyBytes, latin1, readAll } from './codec';
import { toHex } from '../bytes';
import { isMicrotlsError } from '../errors';

export interface TicketState {
  suite: number;
  psk: Uint8Array;
  ageAdd: number;
  lifetime: number;
  /** Milliseconds since the epoch when issued (-1: no clock). */
  issuedMs: number;
  maxEarly: number;
  alpn: string;
  sni: string;
}

function putString(w: ReturnType<typeof writer>, s: string): void {
  put8(w, s.length);
  for (let i = 0; i < s.length; i++) put8(w, s.charCodeAt(i) & 255);
}

export function encodeTicketState(t: TicketState): Uint8Array {
  const w = writer(128, 1024);
  put8(w, 1);
  put16(w, t.suite);
  put8(w, t.psk.length);
  putBytes(w, t.psk);
  put32(w, t.ageAdd);
  put32(w, t.lifetime);
  const ms = t.issuedMs < 0 ? 0 : t.issuedMs;
  put32(w, Math.floor(ms / 4294967296));
  put32(w, ms % 4294967296);
  put32(w, t.maxEarly);
  putString(w, t.alpn.length > 255 ? '' : t.alpn);
  putString(w, t.sni.length > 255 ? '' : t.sni);
  return copyBytes(written(w));
}

function getString(r: Reader): string {
  return latin1(vec(r, 1, 0, 255, 'ticket string'));
}

/** The state back from its encoding, or null when it is not one of ours. */
export function decodeTicketState(b: Uint8Array): TicketState | null {
  try {
    const r = readAll(b);
    if (u8(r, 'ticket version') !== 1) return null;
    const suite = u16(r, 'suite');
    const psk = copyBytes(vec(r, 1, 32, 64, 'psk'));
    const ageAdd = u32(r, 'age add');
    const lifetime = u32(r, 'lifetime');
    const hi = u32(r, 'issued');
    const lo = u32(r, 'issued');
    const maxEarly = u32(r, 'max early');
    const alpn = getString(r);
    const sni = getString(r);
    const issued = hi * 4294967296 + lo;
    return { suite: suite, psk: psk, ageAdd: ageAdd, lifetime: lifetime, issuedMs: issued === 0 ? -1 : issued,
      maxEarly: maxEarly, alpn: alpn, sni: sni };
  } catch (e) {
    if (isMicrotlsError(e)) return null;
    throw e;
  }
}

/** An in-memory TicketStore for one server: at most `capacity` tickets (oldest dropped first),
 * each a 16-byte random identifier. */
export function createTicketStore(random: EngineConfig['random'], capacity?: number): TicketStore {
  const cap = capacity === undefined ? 256 : capacity;
  const keys: string[] = [];
  const states: { [k: string]: Uint8Array } = {};
  const early: { [k: string]: boolean } = {};
  return {
    issue: function (state: Uint8Array): Uint8Array {
      const id = new Uint8Array(16);
      random.fill(id);
      const k = toHex(id);
      keys.push(k);
      states[k] = copyBytes(state);
      early[k] = false;
      while (keys.length > cap) {
        const old = keys.shift() as string;
        delete states[old];
        delete early[old];
      }
      return id;
    },
    put: function (id: Uint8Array, state: Uint8Array): void {
      const k = toHex(id);
      if (!Object.prototype.hasOwnProperty.call(states, k)) keys.push(k);
      states[k] = copyBytes(state);
      early[k] = true;
      while (keys.length > cap) {
        const old = keys.shift() as string;
        delete states[old];
        delete early[old];
      }
    },
    redeem: function (ticket: Uint8Array): Uint8Array | null {
      const k = toHex(ticket);
      return Object.prototype.hasOwnProperty.call(states, k) ? states[k] : null;
    },
    claimEarly: function (ticket: Uint8Array): boolean {
      const k = toHex(ticket);
      if (!Object.prototype.hasOwnProperty.call(early, k) || early[k]) return false;
      early[k] = true;
      return true;
    },
  };
}
