// Handshake pieces both roles share: message framing, Certificate / CertificateVerify / Finished
// written and checked, the peer's certificate chain turned into a trusted key, KeyUpdate, and
// the mapping of any failure onto a TlsError.
import type { Conn } from './conn';
import type { Writer, Reader } from './codec';
import type { PublicKey } from '../x509/types';
import type { Scheme } from './signature';
import type { HashAlgorithm } from '../crypto/provider';
import { boardHas } from '../board';
import { writer, put8, put16, putBytes, open, close, written, reader, u8, vec, sub, left, expectEnd, copyBytes, u16,
  codes } from './codec';
import { addTranscript, transcriptHash, sendHandshake, step, random, setReadKeys, setWriteKeys,
  HS_CERTIFICATE, HS_CERTIFICATE_VERIFY, HS_FINISHED, HS_KEY_UPDATE, received, keylog } from './conn';
import { parseExtensions } from './extensions';
import { schemeByCode, signedContent, verifyScheme, signScheme, canSign, SCHEMES } from './signature';
import { byCode } from './suites';
import { finishedMac, nextTrafficSecret, deriveSecret } from './keyschedule';
import { tlsError, DECODE_ERROR, DECRYPT_ERROR, ILLEGAL_PARAMETER, INTERNAL_ERROR, CERTIFICATE_UNKNOWN,
  HANDSHAKE_FAILURE, BAD_CERTIFICATE, UNEXPECTED_MESSAGE } from './alerts';
import { isMicrotlsError, notInBuild } from '../errors';
import { fromHex } from '../bytes';
import type { MicrotlsError } from '../errors';
import { certPublicKey } from '../x509/cert';
import { verifyChain } from '../x509/verify';
import { sameBytes } from './codec';

/** A handshake message writer with its 4-byte header open. */
export function startMessage(type: number, size: number): Writer {
  const w = writer(size, 1 << 24);
  put8(w, type);
  open(w, 3);
  return w;
}

export function endMessage(w: Writer): Uint8Array {
  close(w, 1, 3);
  return written(w);
}

/** A reader over the body of a handshake message (the 4-byte header skipped). */
export function body(msg: Uint8Array): Reader {
  return reader(msg, 4, msg.length - 4);
}

/** A vector: `b` behind a length of `lenBytes` bytes. */
export function putVec(w: Writer, lenBytes: number, b: Uint8Array): void {
  const at = open(w, lenBytes);
  putBytes(w, b);
  close(w, at, lenBytes);
}

export function illegal(reason: string): MicrotlsError {
  return tlsError(ILLEGAL_PARAMETER, reason);
}

/** The peer chose something this side did not offer. */
export function notOffered(what: string): MicrotlsError {
  return illegal(what + ' not offered');
}

/** Options a build without their feature (tools/boards.mjs) refuses at configuration. */
export function refuseMissing(c: Conn): void {
  if (c.cfg.keylog && !boardHas('keylog')) throw notInBuild('keylog');
  if (c.cfg.advertise && !boardHas('advertise')) throw notInBuild('advertise (a test hook)');
}

export function sendMessage(c: Conn, name: string, msg: Uint8Array): void {
  addTranscript(c, msg);
  sendHandshake(c, msg, 0x0303);
  step(c, name, 'sent', msg.length);
}

// ---- Certificate ----

export function sendCertificate(c: Conn, context: Uint8Array, chain: Uint8Array[]): void {
  let size = 16 + context.length;
  for (let i = 0; i < chain.length; i++) size += 5 + chain[i].length;
  const w = startMessage(HS_CERTIFICATE, size);
  putVec(w, 1, context);
  const ll = open(w, 3);
  for (let i = 0; i < chain.length; i++) {
    putVec(w, 3, chain[i]);
    put16(w, 0);
  }
  close(w, ll, 3);
  sendMessage(c, 'certificate', endMessage(w));
}

export interface CertificateMsg {
  context: Uint8Array;
  chain: Uint8Array[];
}

/** Parses a Certificate message; the certificates are copied (they outlive the input buffer). */
export function parseCertificateMsg(msg: Uint8Array): CertificateMsg {
  const r = body(msg);
  const W = 'Certificate';
  const ctx = copyBytes(vec(r, 1, 0, 255, W));
  const list = sub(r, 3, 0, 16777215, W);
  expectEnd(r, W);
  const chain: Uint8Array[] = [];
  while (left(list) > 0) {
    chain.push(copyBytes(vec(list, 3, 1, 16777215, W)));
    // status_request and signed_certificate_timestamp answers are not used; still parsed
    parseExtensions(sub(list, 2, 0, 65535, W), W);
    if (chain.length > 10) throw tlsError(BAD_CERTIFICATE, 'chain longer than 10');
  }
  return { context: ctx, chain: chain };
}

/** Whether this side is the client: always in a bundle without server code (features 'server'
 * and 'tls12'), where the test folds away. */
function isClient(c: Conn): boolean {
  return !(boardHas('server') || boardHas('tls12')) || c.isClient;
}

/** The peer's key from its chain: validated against the trust anchors and/or pins (X.509 module),
 * or taken as it is when the configuration says `insecure`; with none of these the handshake
 * stops. */
export function checkPeerChain(c: Conn, chain: Uint8Array[]): PublicKey {
  const cfg = c.cfg;
  const allow1024 = cfg.allowRsa1024 === true;
  if (cfg.insecure === true) return certPublicKey(chain[0], allow1024);
  const anchors = cfg.anchors || [];
  const pins = cfg.pins || [];
  if (anchors.length === 0 && pins.length === 0) {
    throw tlsError(CERTIFICATE_UNKNOWN, 'no trust anchors, pins or insecure option');
  }
  // a negative time is unknown to verifyChain as well
  return verifyChain(chain, {
    anchors: anchors, pins: pins, host: isClient(c) && cfg.serverName || undefined,
    purpose: isClient(c) ? 'server' : 'client', now: Math.floor(cfg.clock.now()), timePolicy: cfg.timePolicy,
    allow1024: allow1024,
  });
}

// ---- CertificateVerify ----

/** Our signature scheme for `offered` (the peer's signature_algorithms), or null. */
export function chooseScheme(c: Conn, offered: Uint8Array): Scheme | null {
  const key = c.cfg.privateKey;
  if (!key) return null;
  for (let i = 0; i + 1 < offered.length; i += 2) {
    const s = schemeByCode((offered[i] << 8) | offered[i + 1]);
    if (s && canSign(s, key)) return s;
  }
  return null;
}

export function sendCertificateVerify(c: Conn, s: Scheme): void {
  const content = signedContent(!c.isClient, transcriptHash(c));
  const sig = signScheme(c.p, s, c.cfg.privateKey as NonNullable<typeof c.cfg.privateKey>, content,
    function (out: Uint8Array) { random(c, out); });
  const w = startMessage(HS_CERTIFICATE_VERIFY, 8 + sig.length);
  put16(w, s.code);
  putVec(w, 2, sig);
  sendMessage(c, 'certificate verify', endMessage(w));
}

/** Checks the peer's CertificateVerify against `offered` (what this side asked for) and the key. */
export function checkCertificateVerify(c: Conn, msg: Uint8Array, pub: PublicKey, offered: number[]): void {
  const W = 'CertificateVerify';
  const r = body(msg);
  const code = u16(r, W);
  const sig = vec(r, 2, 1, 65535, W);
  expectEnd(r, W);
  const s = byCode(SCHEMES, code);
  if (offered.indexOf(code) < 0 || !s) throw notOffered(W + ' scheme ' + code);
  if (s.key !== pub.kind) throw illegal(W + ' scheme ' + code + ' does not fit a ' + pub.kind + ' key');
  const content = signedContent(isClient(c), transcriptHash(c));
  if (!verifyScheme(c.p, s, pub, content, sig)) throw tlsError(DECRYPT_ERROR, W + ' signature does not verify');
  received(c, 'certificate verify', msg);
}

/** The schemes this build verifies (SCHEMES: without the feature 'ed25519' none of Ed25519). */
export function schemeCodes(): number[] {
  return codes(SCHEMES);
}

/** A HelloRetryRequest's random: SHA-256("HelloRetryRequest") (section 4.1.3). */
export const HRR_RANDOM = fromHex('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c');

/** Whether a host name is an IP address literal (no SNI for those, RFC 6066 section 3). */
export function isIpLiteral(name: string): boolean {
  if (name.indexOf(':') >= 0) return true;
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (ch !== 46 && (ch < 48 || ch > 57)) return false;
  }
  return name.length > 0;
}

/** max_fragment_length's code (RFC 6066 section 4) for a record limit: 1-4 for 512, 1024, 2048,
 * 4096, else 0 (not sayable). */
export function mflCode(limit: number): number {
  return [512, 1024, 2048, 4096].indexOf(limit) + 1;
}

/** The client's and the server's traffic secrets of a stage ('hs' or 'ap'), each logged under
 * CLIENT_/SERVER_ + `name` (SSLKEYLOGFILE). */
export function trafficSecrets(c: Conn, h: HashAlgorithm, secret: Uint8Array, stage: string, name: string,
  th: Uint8Array): Uint8Array[] {
  const out = [deriveSecret(h, secret, 'c ' + stage + ' traffic', th),
    deriveSecret(h, secret, 's ' + stage + ' traffic', th)];
  if (boardHas('keylog')) {
    keylog(c, 'CLIENT_' + name, out[0]);
    keylog(c, 'SERVER_' + name, out[1]);
  }
  return out;
}

// ---- Finished ----

export function sendFinished(c: Conn, baseKey: Uint8Array): void {
  const h = c.hash as NonNullable<typeof c.hash>;
  const mac = finishedMac(h, baseKey, transcriptHash(c));
  const w = startMessage(HS_FINISHED, 4 + mac.length);
  putBytes(w, mac);
  sendMessage(c, 'finished', endMessage(w));
}

export function checkFinished(c: Conn, msg: Uint8Array, baseKey: Uint8Array): void {
  const h = c.hash as NonNullable<typeof c.hash>;
  if (msg.length !== 4 + h.outputLen) throw tlsError(DECODE_ERROR, 'Finished of ' + (msg.length - 4) + ' bytes');
  const mac = finishedMac(h, baseKey, transcriptHash(c));
  if (!sameBytes(mac, msg.subarray(4))) throw tlsError(DECRYPT_ERROR, 'Finished verify_data does not match');
  received(c, 'finished', msg);
}

// ---- KeyUpdate (section 4.6.3) ----

export function sendKeyUpdate(c: Conn, requestPeer: boolean): void {
  const m = new Uint8Array([HS_KEY_UPDATE, 0, 0, 1, requestPeer ? 1 : 0]);
  sendHandshake(c, m, 0x0303);
  step(c, 'key update', 'sent', 5);
  const secret = nextTrafficSecret(c.hash as NonNullable<typeof c.hash>, (c.wk as NonNullable<typeof c.wk>).secret);
  setWriteKeys(c, secret);
}

export function handleKeyUpdate(c: Conn, msg: Uint8Array): void {
  const r = body(msg);
  const req = u8(r, 'KeyUpdate');
  expectEnd(r, 'KeyUpdate');
  if (req > 1) throw illegal('KeyUpdate request_update of ' + req);
  step(c, 'key update', 'received', msg.length);
  setReadKeys(c, nextTrafficSecret(c.hash as NonNullable<typeof c.hash>, (c.rk as NonNullable<typeof c.rk>).secret));
  if (req === 1 && !c.closeSent) sendKeyUpdate(c, false);
}

/** Any failure as a TlsError: X.509 failures keep their alert, anything unforeseen is an
 * internal_error that still names what happened. */
export function asTlsError(e: unknown): MicrotlsError {
  const m = isMicrotlsError(e);
  if (m && e.name === 'TlsError') return e;
  return tlsError(m && e.alert >= 0 ? e.alert : INTERNAL_ERROR, e instanceof Error ? e.name + ': ' + e.message : String(e));
}

export function unexpected(what: string, type: number): MicrotlsError {
  return tlsError(UNEXPECTED_MESSAGE, 'handshake message ' + type + ' while expecting ' + what);
}

export { HANDSHAKE_FAILURE };
