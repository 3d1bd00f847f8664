// What the TLS 1.2 client and server share: the handshake transcript (kept as messages, since
// the PRF hash and a CertificateVerify's hash may differ), Certificate and signatures in their
// TLS 1.2 forms, the switch to new keys at change_cipher_spec, Finished, and the session state a
// server keeps behind a session ID or ticket.
import type { Conn } from '../conn';
import type { HashAlgorithm } from '../../crypto/provider';
import type { PublicKey, PrivateKey } from '../../x509/types';
import type { Protection } from '../record';
import type { Suite12 } from './suites';
import { writer, put8, put16, putBytes, open, close, written, reader, u8, u16, vec, sub, left, expectEnd, copyBytes,
  sameBytes, latin1 } from '../codec';
import { sendHandshake, step, random, flushHandshake, queueRecord, keylog, HS_CERTIFICATE, HS_FINISHED } from '../conn';
import { CT_CHANGE_CIPHER_SPEC } from '../record';
import { startMessage, endMessage, body } from '../common';
import { schemeByCode, verifyScheme, signScheme, canSign } from '../signature';
import { tlsError, DECODE_ERROR, DECRYPT_ERROR, BAD_CERTIFICATE, UNEXPECTED_MESSAGE } from '../alerts';
import { isMicrotlsError } from '../../errors';
import { protection12 } from './record';
import { keyBlock, verifyData } from './keyschedule';
import { prfHash } from './suites';

export const HS_HELLO_REQUEST = 0;
export const HS_SERVER_KEY_EXCHANGE = 12;
export const HS_SERVER_HELLO_DONE = 14;
export const HS_CLIENT_KEY_EXCHANGE = 16;
export const HS_NEW_SESSION_TICKET = 4;
export const NO_RENEGOTIATION = 100;
export const EXT_EC_POINT_FORMATS = 11;
export const EXT_EXTENDED_MASTER_SECRET = 23;

/** The last 8 bytes of a TLS 1.3-capable server's random when it settles for TLS 1.2
 * (RFC 8446 section 4.1.3): "DOWNGRD" and 01. */
export const DOWNGRADE12 = [0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x01];

/** Signature schemes for ServerKeyExchange and CertificateVerify, in this stack's preference:
 * the TLS 1.3 ones and RSA PKCS#1 v1.5 (RFC 5246 section 7.4.1.4.1). */
export const SCHEMES12 = [0x0403, 0x0807, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0503];

export interface Hs12 {
  msgs: Uint8Array[];
  suite: Suite12;
  h: HashAlgorithm;
  serverRandom: Uint8Array;
  master: Uint8Array | null;
  ems: boolean;
  /** Read protection waiting for the peer's change_cipher_spec. */
  nextRead: Protection | null;
  nextWrite: Protection | null;
}

export function addMsg(st: { msgs: Uint8Array[] }, msg: Uint8Array): void {
  st.msgs.push(copyBytes(msg));
}

/** Hash over every handshake message so far, under `h`. */
export function hashMsgs(st: { msgs: Uint8Array[] }, h: HashAlgorithm): Uint8Array {
  const x = h.create();
  for (let i = 0; i < st.msgs.length; i++) x.update(st.msgs[i]);
  return x.digest();
}

export function allMsgs(st: { msgs: Uint8Array[] }): Uint8Array {
  let n = 0;
  for (let i = 0; i < st.msgs.length; i++) n += st.msgs[i].length;
  const out = new Uint8Array(n);
  let at = 0;
  for (let i = 0; i < st.msgs.length; i++) {
    out.set(st.msgs[i], at);
    at += st.msgs[i].length;
  }
  return out;
}

export function send12(c: Conn, st: { msgs: Uint8Array[] }, name: string, msg: Uint8Array): void {
  addMsg(st, msg);
  sendHandshake(c, msg, 0x0303);
  step(c, name, 'sent', msg.length);
}

export function received12(c: Conn, st: { msgs: Uint8Array[] }, name: string, msg: Uint8Array): void {
  addMsg(st, msg);
  step(c, name, 'received', msg.length);
}

// ---- Certificate (RFC 5246 section 7.4.2: a list of DER certificates, nothing else) ----

export function certificateMsg(chain: Uint8Array[]): Uint8Array {
  let size = 16;
  for (let i = 0; i < chain.length; i++) size += 3 + chain[i].length;
  const w = startMessage(HS_CERTIFICATE, size);
  const ll = open(w, 3);
  for (let i = 0; i < chain.length; i++) {
    const e = open(w, 3);
    putBytes(w, chain[i]);
    close(w, e, 3);
  }
  close(w, ll, 3);
  return endMessage(w);
}

export function parseCertificate12(msg: Uint8Array): Uint8Array[] {
  const r = body(msg);
  const list = sub(r, 3, 0, 16777215, 'certificate_list');
  expectEnd(r, 'Certificate');
  const chain: Uint8Array[] = [];
  while (left(list) > 0) {
    chain.push(copyBytes(vec(list, 3, 1, 16777215, 'certificate')));
    if (chain.length > 10) throw tlsError(BAD_CERTIFICATE, 'certificate chain longer than 10');
  }
  return chain;
}

// ---- signatures ----

function pkcs1Hash(code: number): 'sha256' | 'sha384' | 'sha512' | null {
  return code === 0x0401 ? 'sha256' : code === 0x0501 ? 'sha384' : code === 0x0601 ? 'sha512' : null;
}

function hashByName(c: Conn, name: string): HashAlgorithm {
  return name === 'sha384' ? c.p.sha384 : name === 'sha512' ? c.p.sha512 : c.p.sha256;
}

/** Whether this side can sign with `key` under scheme `code`. */
export function canSign12(code: number, key: PrivateKey): boolean {
  if (pkcs1Hash(code) !== null) return key.kind === 'rsa';
  const s = schemeByCode(code);
  return s !== null && canSign(s, key);
}

/** The first scheme of the peer's list (`offered`, 2 bytes each) this side can sign with. */
export function chooseScheme12(key: PrivateKey, offered: Uint8Array): number {
  for (let i = 0; i + 1 < offered.length; i += 2) {
    const code = (offered[i] << 8) | offered[i + 1];
    let ours = false;
    for (let k = 0; k < SCHEMES12.length; k++) if (SCHEMES12[k] === code) ours = true;
    if (ours && canSign12(code, key)) return code;
  }
  return -1;
}

export function sign12(c: Conn, code: number, key: PrivateKey, content: Uint8Array): Uint8Array {
  const ph = pkcs1Hash(code);
  if (ph !== null) {
    const d = hashByName(c, ph).create().update(content).digest();
    return c.p.rsaPkcs1Sign(key.rsa as NonNullable<PrivateKey['rsa']>, ph, d);
  }
  return signScheme(c.p, schemeByCode(code) as NonNullable<ReturnType<typeof schemeByCode>>, key, content,
    function (out: Uint8Array) { random(c, out); });
}

/** Checks a signature under `code` (which must be one this side offered); false when it fails. */
export function verify12(c: Conn, code: number, pub: PublicKey, content: Uint8Array, sig: Uint8Array): boolean {
  let ours = false;
  for (let k = 0; k < SCHEMES12.length; k++) if (SCHEMES12[k] === code) ours = true;
  if (!ours) return false;
  const ph = pkcs1Hash(code);
  if (ph !== null) {
    if (pub.kind !== 'rsa' || pub.rsa === null) return false;
    try {
      return c.p.rsaPkcs1Verify(pub.rsa, ph, hashByName(c, ph).create().update(content).digest(), sig);
    } catch (e) {
      if (isMicrotlsError(e)) return false;
      throw e;
    }
  }
  const s = schemeByCode(code);
  return s !== null && verifyScheme(c.p, s, pub, content, sig);
}

export function putSchemes(w: ReturnType<typeof writer>): void {
  const l = open(w, 2);
  for (let i = 0; i < SCHEMES12.length; i++) put16(w, SCHEMES12[i]);
  close(w, l, 2);
}

// ---- keys, change_cipher_spec, Finished ----

/** Cuts the key block into both directions' protections; they take effect at the
 * change_cipher_spec each side sends. */
export function prepareKeys(c: Conn, hs: Hs12): void {
  const kb = keyBlock(hs.h, hs.suite, hs.master as Uint8Array, c.cRandom, hs.serverRandom);
  const rnd = function (out: Uint8Array): void { random(c, out); };
  const cw = protection12(c.p, hs.suite, kb.clientKey, kb.clientIv, kb.clientMac, rnd);
  const sw = protection12(c.p, hs.suite, kb.serverKey, kb.serverIv, kb.serverMac, rnd);
  hs.nextWrite = c.isClient ? cw : sw;
  hs.nextRead = c.isClient ? sw : cw;
  keylog(c, 'CLIENT_RANDOM', hs.master as Uint8Array);
  step(c, 'session keys', 'local', 0);
}

const CCS = new Uint8Array([1]);

export function sendCcs12(c: Conn, hs: Hs12): void {
  flushHandshake(c);
  queueRecord(c, CT_CHANGE_CIPHER_SPEC, CCS, 0, 1, 0x0303);
  step(c, 'change cipher spec', 'sent', 1);
  c.wk = hs.nextWrite;
}

/** The peer's change_cipher_spec: allowed once, between whole handshake messages. */
export function expectCcs(c: Conn, hs: Hs12, then: () => void): void {
  c.ccsOk = true;
  c.onCcs = function (cc: Conn): void {
    if (cc.hsN !== 0) throw tlsError(UNEXPECTED_MESSAGE, 'change_cipher_spec inside a handshake message');
    cc.ccsOk = false;
    cc.onCcs = null;
    cc.rk = hs.nextRead;
    step(cc, 'change cipher spec', 'received', 1);
    then();
  };
}

export function sendFinished12(c: Conn, hs: Hs12): void {
  const vd = verifyData(hs.h, hs.master as Uint8Array, c.isClient, hashMsgs(hs, hs.h));
  const w = startMessage(HS_FINISHED, 16);
  putBytes(w, vd);
  send12(c, hs, 'finished', endMessage(w));
}

export function checkFinished12(c: Conn, hs: Hs12, msg: Uint8Array): void {
  if (msg.length !== 16) throw tlsError(DECODE_ERROR, 'Finished of ' + (msg.length - 4) + ' bytes');
  const vd = verifyData(hs.h, hs.master as Uint8Array, !c.isClient, hashMsgs(hs, hs.h));
  if (!sameBytes(vd, msg.subarray(4))) throw tlsError(DECRYPT_ERROR, 'Finished verify_data does not match');
  received12(c, hs, 'finished', msg);
}

export function sessionKeysDone(c: Conn): void {
  c.hsDone = true;
  c.state = 'open';
  c.canRead = true;
  c.canWrite = true;
  step(c, 'connected', 'local', 0);
}

/** After the handshake: a HelloRequest gets a no_renegotiation warning (RFC 5746: this stack
 * never renegotiates), a ClientHello a fatal one, anything else is unexpected. */
export function afterHandshake(c: Conn, type: number, msg: Uint8Array): void {
  if (c.isClient && type === HS_HELLO_REQUEST && msg.length === 4) {
    step(c, 'hello request', 'received', 4);
    queueRecord(c, 21, new Uint8Array([1, NO_RENEGOTIATION]), 0, 2, 0x0303);
    step(c, 'alert no_renegotiation', 'sent', 2);
    return;
  }
  if (!c.isClient && type === 1) throw tlsError(NO_RENEGOTIATION, 'renegotiation is refused');
  throw tlsError(UNEXPECTED_MESSAGE, 'handshake message ' + type + ' after the TLS 1.2 handshake');
}

// ---- the state behind a session ID or ticket (server side) ----

export interface Session12 {
  suite: number;
  master: Uint8Array;
  ems: boolean;
  alpn: string;
  sni: string;
  issuedMs: number;
}

function putStr(w: ReturnType<typeof writer>, s: string): void {
  put8(w, s.length > 255 ? 0 : s.length);
  if (s.length <= 255) for (let i = 0; i < s.length; i++) put8(w, s.charCodeAt(i) & 255);
}

export function encodeSession12(s: Session12): Uint8Array {
  const w = writer(128, 1024);
  put8(w, 12);
  put16(w, s.suite);
  putBytes(w, s.master);
  put8(w, s.ems ? 1 : 0);
  putStr(w, s.alpn);
  putStr(w, s.sni);
  const ms = s.issuedMs < 0 ? 0 : s.issuedMs;
  put16(w, Math.floor(ms / 4294967296));
  const lo = ms % 4294967296;
  put16(w, Math.floor(lo / 65536));
  put16(w, lo % 65536);
  return copyBytes(written(w));
}

export function decodeSession12(b: Uint8Array): Session12 | null {
  try {
    const r = reader(b, 0, b.length);
    if (u8(r, 'session version') !== 12) return null;
    const suite = u16(r, 'suite');
    const master = copyBytes(r.buf.subarray(r.pos, r.pos + 48));
    if (left(r) < 48) return null;
    r.pos += 48;
    const ems = u8(r, 'ems') === 1;
    const alpn = latin1(vec(r, 1, 0, 255, 'alpn'));
    const sni = latin1(vec(r, 1, 0, 255, 'sni'));
    const hi = u16(r, 'issued');
    const mid = u16(r, 'issued');
    const lo = u16(r, 'issued');
    expectEnd(r, 'session');
    const ms = hi * 4294967296 + mid * 65536 + lo;
    return { suite: suite, master: master, ems: ems, alpn: alpn, sni: sni, issuedMs: ms === 0 ? -1 : ms };
  } catch (e) {
    if (isMicrotlsError(e)) return null;
    throw e;
  }
}

export { prfHash };
