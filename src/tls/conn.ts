// One connection's state shared by both roles, and its record layer: input records taken apart
// in place (decrypted where they lie, handshake messages handed on as views, only a message that
// spans records copied), and output records built and protected in place in the output queue.
import type { EngineConfig, EngineState, SessionState } from './types';
import type { CryptoProvider, HashAlgorithm, Hasher } from '../crypto/provider';
import type { MicrotlsError } from '../errors';
import type { PublicKey } from '../x509/types';
import type { Suite } from './suites';
import type { Protection } from './record';
import { protection, sealRecord, openRecord, writeHeader, CT_ALERT, CT_HANDSHAKE, CT_APPLICATION_DATA,
  CT_CHANGE_CIPHER_SPEC, TAG_LEN } from './record';
import { tlsError, overLimit, peerAlertError, unexpected, RECORD_OVERFLOW, BAD_RECORD_MAC, DECODE_ERROR,
  ILLEGAL_PARAMETER, INTERNAL_ERROR, CLOSE_NOTIFY, USER_CANCELED } from './alerts';
import { grow, concatBytes } from './codec';
import { toHex } from '../bytes';
import { boardHas } from '../board';

export const HS_CLIENT_HELLO = 1;
export const HS_SERVER_HELLO = 2;
export const HS_NEW_SESSION_TICKET = 4;
export const HS_END_OF_EARLY_DATA = 5;
export const HS_ENCRYPTED_EXTENSIONS = 8;
export const HS_CERTIFICATE = 11;
export const HS_CERTIFICATE_REQUEST = 13;
export const HS_CERTIFICATE_VERIFY = 15;
export const HS_FINISHED = 20;
export const HS_KEY_UPDATE = 24;
export const HS_MESSAGE_HASH = 254;

const EMPTY = new Uint8Array(0);

/** Largest output queue a handshake flight may grow it to. */
const OUT_MAX = 131072;

/** Field names are short where they recur: property names survive minification. */
export interface Conn {
  cfg: EngineConfig;
  p: CryptoProvider;
  isClient: boolean;
  state: EngineState;
  error: MicrotlsError | null;
  /** Largest record plaintext this side accepts, and the largest it sends. */
  ownLimit: number;
  sendLimit: number;
  hsMax: number;
  /** Input buffer: records from inAt to inEnd; decrypted application data at appOff, appLen. */
  inb: Uint8Array;
  inAt: number;
  inEnd: number;
  appOff: number;
  appLen: number;
  /** Application data may be read / written (handshake done). */
  canRead: boolean;
  /** A handshake message spanning records: hsN bytes of it so far, header included (-1: a key
   * change happened in this record, so nothing more may follow in it). */
  hsN: number;
  hsPart: Uint8Array | null;
  /** Size of the message being collected in hsPart (header included). */
  hsNeed: number;
  outb: Uint8Array;
  /** Handshake messages waiting to go out together in as few records as the limit allows. */
  hsOut: Uint8Array;
  /** The record version those handshake records carry. */
  hsVer: number;
  /** Output queue: its normal size, and the bytes from outAt to outEnd waiting to be pulled. */
  outBase: number;
  outAt: number;
  outEnd: number;
  /** Read keys and write keys (record protection), null while in plaintext. */
  rk: Protection | null;
  wk: Protection | null;
  canWrite: boolean;
  /** Bytes of rejected 0-RTT data the server may still skip (RFC 8446 section 4.2.10). */
  skip0: number;
  /** Server reading accepted 0-RTT data: bytes it may still take, else -1. */
  budget0: number;
  ccsOk: boolean;
  ccsSent: boolean;
  closeSent: boolean;
  gotClose: boolean;
  hsDone: boolean;
  cRandom: Uint8Array;
  suite?: Suite | null;
  hash: HashAlgorithm | null;
  /** The running transcript hash. */
  trans: Hasher | null;
  masterSecret: Uint8Array | null;
  cAp: Uint8Array | null;
  sAp: Uint8Array | null;
  resMaster: Uint8Array | null;
  group?: string | null;
  alpn: string | null;
  serverName?: string | null;
  resumed?: boolean;
  /** 0-RTT data was accepted. */
  earlyOk?: boolean;
  peerChain: Uint8Array[];
  peerKey: PublicKey | null;
  /** The peer's record size limit; unset (no limit: a comparison with it is false) until a
   * server reads the peer's extension. */
  peerLimit: number;
  /** The newest session to resume (a client's ticket): what the engine's session() gives (a
   * field of its own name, as the connection is the engine and session() its method). */
  saved: SessionState | null;
  /** The role's handler of each handshake message (full message view, header included); the
   * role's start sets it, and a connection whose start failed takes no input. */
  onMsg: (c: Conn, type: number, msg: Uint8Array) => void;
  /** Role state (client.ts / server.ts own its shape). */
  role: any;
  /** The negotiated version: 0x0304, or 0x0303 once TLS 1.2 is chosen (tls12/). */
  version: number;
  /** TLS 1.2: a change_cipher_spec arrived (ccsOk was set): the role installs its read keys. */
  onCcs: ((c: Conn) => void) | null;
}

export function newConn(cfg: EngineConfig, p: CryptoProvider, isClient: boolean): Conn {
  const own = cfg.maxRecordSize === undefined ? 16384 : cfg.maxRecordSize;
  if (!(own >= 64 && own <= 16384 && own === Math.floor(own))) {
    throw tlsError(INTERNAL_ERROR, 'maxRecordSize ' + own + ' not in 64..16384');
  }
  const outBase = 2 * (5 + own + 1 + TAG_LEN);
  // Flags and secrets start undefined (false, unset): fewer properties for a device to hold.
  // Those the public API shows as they are (session()) or that roles compare with null start null.
  // Also unset: appOff (read only while appLen > 0), hsVer (set with each queued message), suite
  // and serverName (info() tests them), peerLimit (a server compares it only once it is set).
  return {
    cfg: cfg, p: p, isClient: isClient, state: 'handshaking', error: null,
    ownLimit: own, sendLimit: own, hsMax: cfg.maxHandshakeMessage || 65536,
    inb: new Uint8Array(5 + own + 256), inAt: 0, inEnd: 0, appLen: 0,
    hsN: 0,
    outb: new Uint8Array(outBase), hsOut: EMPTY, outBase: outBase, outAt: 0, outEnd: 0,
    cRandom: new Uint8Array(32), trans: null,
    alpn: null,
    peerChain: [], peerKey: null, saved: null, version: 0x0304,
  } as unknown as Conn;
}

export function random(c: Conn, out: Uint8Array): void {
  c.cfg.random.fill(out);
}

export function step(c: Conn, name: string, direction: 'sent' | 'received' | 'local', bytes: number): void {
  if (c.cfg.onStep) c.cfg.onStep({ name: name, direction: direction, bytes: bytes });
}

/** An SSLKEYLOGFILE line; bundles without the keylog feature refuse the option (engine.ts). */
export function keylog(c: Conn, label: string, secret: Uint8Array): void {
  if (boardHas('keylog') && c.cfg.keylog) c.cfg.keylog(label + ' ' + toHex(c.cRandom) + ' ' + toHex(secret));
}

export function addTranscript(c: Conn, msg: Uint8Array): void {
  (c.trans as Hasher).update(msg);
}

/** A handshake message taken: into the transcript, and reported as a step. */
export function received(c: Conn, name: string, msg: Uint8Array): void {
  addTranscript(c, msg);
  step(c, name, 'received', msg.length);
}

export function transcriptHash(c: Conn): Uint8Array {
  return (c.trans as Hasher).copy().digest();
}

export function setReadKeys(c: Conn, secret: Uint8Array): void {
  c.rk = protection(c.p, c.suite as Suite, secret);
}

export function setWriteKeys(c: Conn, secret: Uint8Array): void {
  flushHandshake(c);
  c.wk = protection(c.p, c.suite as Suite, secret);
}

// ---- output ----

/** Room for n more bytes in the output queue: unsent bytes moved to its front, and the queue
 * doubled up to OUT_MAX if need be (application data never needs it: queueAppData). */
function outRoom(c: Conn, n: number): void {
  if (c.outEnd + n > c.outb.length) {
    c.outb.set(c.outb.subarray(c.outAt, c.outEnd), 0);
    c.outEnd -= c.outAt;
    c.outAt = 0;
    if (c.outEnd + n > OUT_MAX) throw overLimit(INTERNAL_ERROR, 'handshake flight', c.outEnd + n, OUT_MAX);
    if (c.outEnd + n > c.outb.length) c.outb = grow(c.outb, c.outEnd, c.outEnd + n, OUT_MAX);
  }
}

/** Bytes of application data that fit into the output queue now, without growing it. */
export function outFree(c: Conn): number {
  return c.outb.length - (c.outEnd - c.outAt);
}

/** TLS 1.2 write protection (its own record format), or null. */
function wk12(c: Conn): Protection | null {
  return boardHas('tls12') && c.wk && c.wk.seal12 ? c.wk : null;
}

function queueRaw(c: Conn, type: number, data: Uint8Array, off: number, len: number, legacy: number): void {
  // the most a record grows by when protected: TLS 1.2 CBC's IV, MAC and padding, or 1.3's type and tag
  outRoom(c, 5 + len + (wk12(c) ? 96 : 1 + TAG_LEN));
  const at = c.outEnd;
  const b = c.outb;
  const wp = type === CT_CHANGE_CIPHER_SPEC ? null : c.wk;
  const w12 = wp ? wk12(c) : null;
  b.set(data.subarray(off, off + len), at + 5 + (w12 ? w12.pre as number : 0));
  if (w12) {
    c.outEnd = at + (w12.seal12 as (buf: Uint8Array, at: number, type: number, len: number) => number)(b, at, type, len);
  } else if (!wp) {
    writeHeader(b, at, type, legacy, len);
    c.outEnd = at + 5 + len;
  } else {
    b[at + 5 + len] = type;
    c.outEnd = at + sealRecord(wp, b, at, len + 1);
  }
}

/** Sends the handshake messages queued so far, packed into records of at most sendLimit bytes
 * under the current write keys (as the RFC 8448 traces do). */
export function flushHandshake(c: Conn): void {
  const all = c.hsOut;
  if (all.length === 0) return;
  c.hsOut = EMPTY;
  for (let at = 0; at < all.length; at += c.sendLimit) {
    queueRaw(c, CT_HANDSHAKE, all, at, Math.min(all.length - at, c.sendLimit), c.hsVer);
  }
}

/** Appends one record of `type` carrying data[off, off+len) (len <= sendLimit), protected when
 * write keys are set; queued handshake messages go first. */
export function queueRecord(c: Conn, type: number, data: Uint8Array, off: number, len: number, legacy: number): void {
  flushHandshake(c);
  queueRaw(c, type, data, off, len, legacy);
}

/** Application data into records, at most what fits in the queue without growing it. */
export function queueAppData(c: Conn, data: Uint8Array, off: number, len: number): number {
  let done = 0;
  while (done < len) {
    // what fits once unsent bytes move to the front (outRoom), without growing the queue
    const n = Math.min(len - done, c.sendLimit, outFree(c) - 5 - (wk12(c) ? 96 : 1 + TAG_LEN));
    if (n <= 0) break;
    queueRecord(c, CT_APPLICATION_DATA, data, off + done, n, 0x0303);
    done += n;
  }
  return done;
}

/** Queues a handshake message; flushHandshake puts it into records. */
export function sendHandshake(c: Conn, msg: Uint8Array, legacy: number): void {
  c.hsOut = concatBytes(c.hsOut, msg);
  c.hsVer = legacy;
}

/** The dummy change_cipher_spec of middlebox compatibility mode (RFC 8446 appendix D.4), once. */
export function sendCcs(c: Conn): void {
  if (c.ccsSent) return;
  c.ccsSent = true;
  queueRecord(c, CT_CHANGE_CIPHER_SPEC, new Uint8Array([1]), 0, 1, 0x0303);
}

export function sendAlert(c: Conn, desc: number): void {
  // no_renegotiation (100) is a warning: a TLS 1.2 peer may go on after it
  // (user_canceled, the other warning of RFC 8446, is never sent here)
  const warn = desc === CLOSE_NOTIFY || (boardHas('tls12') && desc === 100);
  queueRecord(c, CT_ALERT, new Uint8Array([warn ? 1 : 2, desc]), 0, 2, 0x0303);
}

export function pull(c: Conn, out: Uint8Array, off: number, max: number): number {
  flushHandshake(c);
  const n = Math.min(c.outEnd - c.outAt, max);
  out.set(c.outb.subarray(c.outAt, c.outAt + n), off);
  c.outAt += n;
  if (c.outAt === c.outEnd) {
    c.outAt = 0;
    c.outEnd = 0;
    // a handshake flight may have grown the queue: give the memory back
    if (c.outb.length > c.outBase && c.hsDone) c.outb = new Uint8Array(c.outBase);
  }
  return n;
}

// ---- input ----

/** Copies network bytes into the input buffer; returns how many fit. */
export function feedBytes(c: Conn, data: Uint8Array, off: number, len: number): number {
  const base = c.appLen > 0 ? c.appOff : c.inAt;
  if (c.inEnd + len > c.inb.length && base > 0) {
    // records are parsed in place: move what is left (and unread application data) to the front
    c.inb.set(c.inb.subarray(base, c.inEnd), 0);
    c.inEnd -= base;
    c.inAt -= base;
    // (meaningless, and may be unset, while no application data waits: set again before use)
    c.appOff -= base;
  }
  const n = Math.min(c.inb.length - c.inEnd, len);
  c.inb.set(data.subarray(off, off + n), c.inEnd);
  c.inEnd += n;
  return n;
}

function overflow(n: number, limit: number): Error {
  return overLimit(RECORD_OVERFLOW, 'record', n, limit);
}

function badMac(): Error {
  return tlsError(BAD_RECORD_MAC, 'record failed authentication');
}

/** Takes complete records off the input buffer until none is left, application data waits to
 * be read, or the connection ends. */
export function processInput(c: Conn): void {
  // ('closed' comes only after the peer's close_notify: gotClose covers it)
  while (c.state !== 'failed' && c.appLen === 0 && !c.gotClose) {
    // nothing left unread: the next record starts at the front
    if (c.inAt === c.inEnd) c.inAt = c.inEnd = 0;
    const avail = c.inEnd - c.inAt;
    if (avail < 5) return;
    const b = c.inb;
    const at = c.inAt;
    const type = b[at];
    const len = (b[at + 3] << 8) | b[at + 4];
    if (type < 20 || type > 23) throw unexpected('record of unknown content type ' + type);
    // what the buffer holds; a plaintext record at most 2^14 bytes (RFC 8446 section 5.1)
    const lim = type === CT_APPLICATION_DATA || b.length < 16389 ? b.length - 5 : 16384;
    if (len > lim) throw overflow(len, lim);
    if (avail < 5 + len) return;
    c.inAt = at + 5 + len;
    let off = at + 5;
    if (type === CT_CHANGE_CIPHER_SPEC) {
      if (!c.ccsOk || len !== 1 || b[off] !== 1) throw unexpected('change_cipher_spec out of place');
      if (boardHas('tls12') && c.onCcs) c.onCcs(c);
      continue;
    }
    let n = len;
    let ct = type;
    const rp = c.rk;
    if (boardHas('tls12') && rp && rp.open12) {
      // TLS 1.2: every record after change_cipher_spec is protected under its own content type
      n = rp.open12(b, at, type, len);
      if (n < 0) throw badMac();
      off += rp.pre as number;
      if (n > c.ownLimit) throw overflow(n, c.ownLimit);
    } else if (type === CT_APPLICATION_DATA) {
      if (!rp) throw unexpected('protected record before keys');
      const hi = boardHas('server') ? rp.seqHi : 0;
      const lo = boardHas('server') ? rp.seqLo : 0;
      n = openRecord(rp, b, at, len);
      if (n < 0) {
        if (boardHas('server') && c.skip0 >= len) {
          // rejected 0-RTT data: skip it without advancing the sequence number
          c.skip0 -= len;
          rp.seqHi = hi;
          rp.seqLo = lo;
          continue;
        }
        throw badMac();
      }
      if (boardHas('server')) c.skip0 = 0;
      // the content type is the last non-zero byte of TLSInnerPlaintext
      do n--; while (n >= 0 && b[off + n] === 0);
      ct = n < 0 ? 0 : b[off + n];
      if (ct === CT_CHANGE_CIPHER_SPEC || ct < 20 || ct > 23) throw unexpected('protected record of content type ' + ct);
      if (n > c.ownLimit) throw overflow(n, c.ownLimit);
    } else if (rp && type === CT_HANDSHAKE) {
      throw unexpected('plaintext handshake after keys');
    }
    if (ct === CT_ALERT) {
      if (n !== 2) throw tlsError(DECODE_ERROR, 'alert record of ' + n + ' bytes');
      const desc = b[off + 1];
      if (desc === CLOSE_NOTIFY) {
        c.gotClose = true;
        c.state = c.closeSent ? 'closed' : 'closing';
        step(c, 'close_notify', 'received', 2);
      } else if (desc !== USER_CANCELED) {
        c.state = 'failed';
        c.error = peerAlertError(desc);
      }
    } else if (ct === CT_HANDSHAKE) {
      if (n === 0) throw unexpected('empty handshake record');
      deliverHandshake(c, off, n);
    } else {
      if (!c.canRead || c.hsN > 0) throw unexpected('application data ' + (c.canRead ? 'inside a handshake message' : 'before the handshake ended'));
      if (boardHas('server') && c.budget0 >= 0) {
        c.budget0 -= n;
        if (c.budget0 < 0) throw unexpected('more 0-RTT data than max_early_data_size');
      }
      c.appOff = off;
      c.appLen = n;
    }
  }
}

function handleMessage(c: Conn, msg: Uint8Array): void {
  const before = c.rk;
  c.onMsg(c, msg[0], msg);
  if (c.rk !== before) c.hsN = -1;
}

/** The length in a handshake message header at h[p..], within the bound. */
function msgLen(c: Conn, h: Uint8Array, p: number): number {
  const n = h[p + 1] * 65536 + (h[p + 2] << 8) + h[p + 3];
  if (n > c.hsMax) throw overLimit(ILLEGAL_PARAMETER, 'handshake message', n, c.hsMax);
  return n;
}

function deliverHandshake(c: Conn, off: number, n: number): void {
  const b = c.inb;
  let p = off;
  const end = off + n;
  while (p < end && c.state !== 'failed') {
    if (c.hsN < 0) throw unexpected('handshake data after a key change');
    // (end when unknown yet: p > 0, so it never fits)
    const whole = c.hsN === 0 && end - p >= 4 ? 4 + msgLen(c, b, p) : end;
    if (whole <= end - p) {
      // the whole message lies in this record: hand on a view
      handleMessage(c, b.subarray(p, p + whole));
      p += whole;
      continue;
    }
    // a message spanning records: collect it, its header first; then grow with the bytes that
    // actually arrive (a length alone never claims the memory)
    if (c.hsN === 0) {
      c.hsPart = new Uint8Array(4);
      c.hsNeed = 4;
    }
    let part = c.hsPart as Uint8Array;
    const k = Math.min(c.hsNeed - c.hsN, end - p);
    if (c.hsN + k > part.length) c.hsPart = part = grow(part, c.hsN, c.hsN + k, c.hsNeed);
    part.set(b.subarray(p, p + k), c.hsN);
    c.hsN += k;
    p += k;
    // the header complete: the message's whole size
    if (c.hsNeed === 4 && c.hsN === 4) c.hsNeed = 4 + msgLen(c, part, 0);
    if (c.hsN === c.hsNeed) {
      c.hsN = 0;
      c.hsPart = null;
      handleMessage(c, part);
    }
  }
  if (c.hsN < 0) c.hsN = 0;
}
