// The TLS 1.3 client (RFC 8446 sections 4.1-4.6): ClientHello with key shares and an optional PSK
// (ticket or external) and 0-RTT data, HelloRetryRequest, then the server's encrypted flight
// checked message by message, each state named by the message it expects next.
import type { Conn } from './conn';
import type { Writer } from './codec';
import type { KeyPair } from './keyshare';
import type { Suite, Group } from './suites';
import type { HashAlgorithm } from '../crypto/provider';
import type { SessionState } from './types';
import { CT_APPLICATION_DATA } from './record';
import { put8, put16, put32, putBytes, open, close, reader, u8, u16, u32, vec, sub, expectEnd, bytes,
  copyBytes, sameBytes } from './codec';
import { addTranscript, transcriptHash, sendHandshake, sendCcs, step, random, keylog, setReadKeys,
  setWriteKeys, queueRecord, HS_CLIENT_HELLO, HS_SERVER_HELLO, HS_ENCRYPTED_EXTENSIONS, HS_CERTIFICATE,
  HS_CERTIFICATE_REQUEST, HS_CERTIFICATE_VERIFY, HS_FINISHED, HS_NEW_SESSION_TICKET, HS_KEY_UPDATE,
  HS_END_OF_EARLY_DATA, HS_MESSAGE_HASH } from './conn';
import { startMessage, endMessage, body, sendMessage, sendCertificate, parseCertificateMsg, checkPeerChain,
  chooseScheme, sendCertificateVerify, checkCertificateVerify, sendFinished, checkFinished, schemeCodes,
  handleKeyUpdate, unexpected } from './common';
import { parseExtensions, findExt, alpnAnswer, recordSizeLimit, onlyExts, EXT_SERVER_NAME, EXT_MAX_FRAGMENT_LENGTH, EXT_SUPPORTED_GROUPS,
  EXT_SIGNATURE_ALGORITHMS, EXT_ALPN, EXT_PADDING, EXT_RECORD_SIZE_LIMIT, EXT_SESSION_TICKET,
  EXT_PRE_SHARED_KEY, EXT_EARLY_DATA, EXT_SUPPORTED_VERSIONS, EXT_COOKIE, EXT_PSK_KEY_EXCHANGE_MODES,
  EXT_KEY_SHARE, EXT_RENEGOTIATION_INFO } from './extensions';
import { SUITES, GROUPS, suiteByCode, suiteByName, suiteHash, groupByCode, groupByName } from './suites';
import { generateKeyPair, sharedSecret } from './keyshare';
import { CERT_ONLY_SCHEMES } from './signature';
import { configSuites12, versionEnabled, suite12ByName } from './tls12/suites';
import { client12Start, client12FromHello, putHelloExtensions12 } from './tls12/client';
import { earlySecret, nextSecret, deriveSecret, binderKey, finishedMac, resumptionPsk } from './keyschedule';
import { tlsError, ILLEGAL_PARAMETER, PROTOCOL_VERSION, UNSUPPORTED_EXTENSION, MISSING_EXTENSION,
  DECODE_ERROR, UNEXPECTED_MESSAGE, INTERNAL_ERROR } from './alerts';

/** SHA-256("HelloRetryRequest"): the random of a HelloRetryRequest (section 4.1.3). */
export const HRR_RANDOM = [0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
  0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c];

/** The last 8 bytes of a TLS 1.3 server's random when it negotiates TLS 1.2 or below (4.1.3). */
const DOWNGRADE = [0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44];

interface Psk {
  identity: Uint8Array;
  key: Uint8Array;
  hash: HashAlgorithm;
  external: boolean;
  /** Ticket: its suite and obfuscated age; external: null and 0. */
  suite: Suite | null;
  obfAge: number;
  maxEarly: number;
}

interface ClientState {
  expect: string;
  suites: Suite[];
  groups: Group[];
  keyPairs: KeyPair[];
  sessionId: Uint8Array;
  ch: Uint8Array | null;
  hrr: boolean;
  cookie: Uint8Array | null;
  psk: Psk | null;
  pskAccepted: boolean;
  earlySent: boolean;
  early: Uint8Array | null;
  hsSecret: Uint8Array | null;
  cHs: Uint8Array | null;
  sHs: Uint8Array | null;
  sentSni: boolean;
  sentMfl: number;
  certRequest: Uint8Array | null;
  certRequestSchemes: Uint8Array | null;
  modes: number[];
  /** TLS 1.2 offered too (tls12/): its suites and extensions ride in this ClientHello. */
  offer12: boolean;
}

function isIpLiteral(name: string): boolean {
  if (name.indexOf(':') >= 0) return true;
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (!(ch === 46 || (ch >= 48 && ch <= 57))) return false;
  }
  return true;
}

function configSuites(c: Conn): Suite[] {
  const names = c.cfg.suites;
  if (!names) return SUITES.concat([]);
  const out: Suite[] = [];
  for (let i = 0; i < names.length; i++) {
    const s = suiteByName(names[i]);
    if (s === null && suite12ByName(names[i]) !== null) continue;
    if (s === null) throw tlsError(INTERNAL_ERROR, 'unknown cipher suite ' + names[i]);
    out.push(s);
  }
  if (out.length === 0 && configSuites12(names).length === 0) throw tlsError(INTERNAL_ERROR, 'no cipher suites configured');
  return out;
}

function configGroups(c: Conn): Group[] {
  const names = c.cfg.groups;
  if (!names) return GROUPS.concat([]);
  const out: Group[] = [];
  for (let i = 0; i < names.length; i++) {
    const g = groupByName(names[i]);
    if (g === null) throw tlsError(INTERNAL_ERROR, 'unknown group ' + names[i]);
    out.push(g);
  }
  if (out.length === 0) throw tlsError(INTERNAL_ERROR, 'no groups configured');
  return out;
}

export { configSuites, configGroups };

/** psk_key_exchange_modes from the configuration: 1 = psk_dhe_ke, 0 = psk_ke. */
export function configModes(c: Conn): number[] {
  const m = c.cfg.pskModes;
  if (!m) return [1];
  const out: number[] = [];
  for (let i = 0; i < m.length; i++) {
    if (m[i] === 'psk_dhe_ke') out.push(1);
    else if (m[i] === 'psk_ke') out.push(0);
    else throw tlsError(INTERNAL_ERROR, 'unknown PSK mode ' + m[i]);
  }
  return out;
}

/** Code of the max_fragment_length value for a record size, or 0 (RFC 6066 section 4). */
export function mflCode(size: number): number {
  return size === 512 ? 1 : size === 1024 ? 2 : size === 2048 ? 3 : size === 4096 ? 4 : 0;
}

function ageMs(now: number, issued: number): number {
  if (now < 0 || issued < 0 || now < issued) return 0;
  return Math.round((now - issued) * 1000);
}

function choosePsk(c: Conn, cs: ClientState): Psk | null {
  const s = c.cfg.session;
  // a ticket is only for the server name it was issued under (RFC 8446 section 4.6.1)
  const sameName = !s || !s.serverName || !c.cfg.serverName || s.serverName === c.cfg.serverName;
  if (s && s.version === 0x0304 && sameName) {
    const suite = suiteByCode(s.suite);
    let offered = false;
    for (let i = 0; i < cs.suites.length; i++) if (suite !== null && cs.suites[i].code === suite.code) offered = true;
    const now = c.cfg.clock.now();
    const fresh = now < 0 || s.issued < 0 || now - s.issued <= s.lifetime;
    if (suite !== null && offered && fresh) {
      const age = ageMs(now, s.issued);
      return {
        identity: s.ticket, key: s.secret, hash: suiteHash(c.p, suite), external: false, suite: suite,
        obfAge: (age + s.ageAdd) % 4294967296, maxEarly: s.maxEarlyData,
      };
    }
  }
  const e = c.cfg.psk;
  if (e) {
    return {
      identity: e.identity, key: e.key, hash: e.hash === 'sha384' ? c.p.sha384 : c.p.sha256, external: true,
      suite: null, obfAge: 0, maxEarly: 0,
    };
  }
  return null;
}

function putExt(w: Writer, type: number): number {
  put16(w, type);
  return open(w, 2);
}

function writeClientHello(c: Conn, cs: ClientState): Uint8Array {
  const cfg = c.cfg;
  const adv = cfg.advertise || {};
  const w = startMessage(HS_CLIENT_HELLO, 512);
  put16(w, 0x0303);
  putBytes(w, c.clientRandom);
  put8(w, cs.sessionId.length);
  putBytes(w, cs.sessionId);
  let l = open(w, 2);
  for (let i = 0; i < cs.suites.length; i++) put16(w, cs.suites[i].code);
  const s12 = cs.offer12 ? configSuites12(cfg.suites) : [];
  for (let i = 0; i < s12.length; i++) put16(w, s12[i].code);
  close(w, l, 2);
  put8(w, 1);
  put8(w, 0);
  const exts = open(w, 2);
  let e: number;
  cs.sentSni = false;
  if (cfg.serverName && !isIpLiteral(cfg.serverName)) {
    cs.sentSni = true;
    e = putExt(w, EXT_SERVER_NAME);
    l = open(w, 2);
    put8(w, 0);
    const n = open(w, 2);
    for (let i = 0; i < cfg.serverName.length; i++) put8(w, cfg.serverName.charCodeAt(i));
    close(w, n, 2);
    close(w, l, 2);
    close(w, e, 2);
  }
  if (adv.renegotiationInfo) {
    e = putExt(w, EXT_RENEGOTIATION_INFO);
    put8(w, 0);
    close(w, e, 2);
  }
  if (cfg.alpn && cfg.alpn.length > 0) {
    e = putExt(w, EXT_ALPN);
    l = open(w, 2);
    for (let i = 0; i < cfg.alpn.length; i++) {
      const p = cfg.alpn[i];
      if (p.length < 1 || p.length > 255) throw tlsError(INTERNAL_ERROR, 'ALPN protocol name of length ' + p.length);
      put8(w, p.length);
      for (let k = 0; k < p.length; k++) put8(w, p.charCodeAt(k));
    }
    close(w, l, 2);
    close(w, e, 2);
  }
  e = putExt(w, EXT_SUPPORTED_GROUPS);
  l = open(w, 2);
  if (adv.groups) for (let i = 0; i < adv.groups.length; i++) put16(w, adv.groups[i]);
  else for (let i = 0; i < cs.groups.length; i++) put16(w, cs.groups[i].code);
  close(w, l, 2);
  close(w, e, 2);
  if (adv.sessionTicket) {
    e = putExt(w, EXT_SESSION_TICKET);
    close(w, e, 2);
  }
  e = putExt(w, EXT_KEY_SHARE);
  l = open(w, 2);
  for (let i = 0; i < cs.keyPairs.length; i++) {
    put16(w, cs.keyPairs[i].group.code);
    const k = open(w, 2);
    putBytes(w, cs.keyPairs[i].pub);
    close(w, k, 2);
  }
  close(w, l, 2);
  close(w, e, 2);
  const offerEarly = !cs.hrr && cs.early !== null && cs.psk !== null && cs.psk.maxEarly > 0;
  if (offerEarly) {
    e = putExt(w, EXT_EARLY_DATA);
    close(w, e, 2);
  }
  e = putExt(w, EXT_SUPPORTED_VERSIONS);
  put8(w, cs.offer12 ? 4 : 2);
  put16(w, 0x0304);
  if (cs.offer12) put16(w, 0x0303);
  close(w, e, 2);
  if (cs.offer12 && !cs.hrr) putHelloExtensions12(w, null);
  e = putExt(w, EXT_SIGNATURE_ALGORITHMS);
  l = open(w, 2);
  if (adv.signatureSchemes) for (let i = 0; i < adv.signatureSchemes.length; i++) put16(w, adv.signatureSchemes[i]);
  else {
    const codes = schemeCodes().concat(CERT_ONLY_SCHEMES);
    for (let i = 0; i < codes.length; i++) put16(w, codes[i]);
  }
  close(w, l, 2);
  close(w, e, 2);
  if (cs.cookie !== null) {
    e = putExt(w, EXT_COOKIE);
    l = open(w, 2);
    putBytes(w, cs.cookie);
    close(w, l, 2);
    close(w, e, 2);
  }
  e = putExt(w, EXT_PSK_KEY_EXCHANGE_MODES);
  l = open(w, 1);
  for (let i = 0; i < cs.modes.length; i++) put8(w, cs.modes[i]);
  close(w, l, 1);
  close(w, e, 2);
  e = putExt(w, EXT_RECORD_SIZE_LIMIT);
  put16(w, c.ownLimit + 1);
  close(w, e, 2);
  cs.sentMfl = mflCode(c.ownLimit);
  if (cs.sentMfl > 0) {
    e = putExt(w, EXT_MAX_FRAGMENT_LENGTH);
    put8(w, cs.sentMfl);
    close(w, e, 2);
  }
  // pad a ClientHello of 256..511 bytes to 512 (RFC 7685; some middleboxes hang on those sizes)
  const psk = cs.psk;
  const pskLen = psk === null ? 0 : 4 + 2 + 2 + psk.identity.length + 4 + 2 + 1 + psk.hash.outputLen;
  const total = w.pos + pskLen;
  if (total >= 256 && total < 512) {
    let pad = 512 - total;
    pad = pad >= 5 ? pad - 4 : 1;
    e = putExt(w, EXT_PADDING);
    for (let i = 0; i < pad; i++) put8(w, 0);
    close(w, e, 2);
  }
  if (psk !== null) {
    e = putExt(w, EXT_PRE_SHARED_KEY);
    l = open(w, 2);
    const id = open(w, 2);
    putBytes(w, psk.identity);
    close(w, id, 2);
    put32(w, psk.obfAge);
    close(w, l, 2);
    l = open(w, 2);
    put8(w, psk.hash.outputLen);
    for (let i = 0; i < psk.hash.outputLen; i++) put8(w, 0);
    close(w, l, 2);
    close(w, e, 2);
  }
  close(w, exts, 2);
  const msg = endMessage(w);
  if (psk !== null) {
    // the binder covers the ClientHello up to the binders (section 4.2.11.2), after any
    // HelloRetryRequest transcript
    const hl = psk.hash.outputLen;
    const truncated = msg.subarray(0, msg.length - hl - 3);
    const t = cs.hrr && c.transcript !== null ? c.transcript.copy() : psk.hash.create();
    const th = t.update(truncated).digest();
    const es = earlySecret(psk.hash, psk.key);
    msg.set(finishedMac(psk.hash, binderKey(psk.hash, es, psk.external), th), msg.length - hl);
  }
  return msg;
}

export function clientStart(c: Conn): void {
  const v = c.cfg.versions;
  const offer12 = versionEnabled(v, 'TLSv1.2') && configSuites12(c.cfg.suites).length > 0;
  const s = c.cfg.session;
  if (offer12 && (!versionEnabled(v, 'TLSv1.3') || configSuites(c).length === 0 || (s && s.version === 0x0303))) {
    // TLS 1.2 only, or resuming a TLS 1.2 session
    client12Start(c);
    return;
  }
  if (!versionEnabled(v, 'TLSv1.3')) throw tlsError(INTERNAL_ERROR, 'no version enabled that this stack speaks');
  const cs: ClientState = {
    expect: 'ServerHello', suites: configSuites(c), groups: configGroups(c), keyPairs: [],
    sessionId: new Uint8Array(c.cfg.compatibilityMode === false ? 0 : 32), ch: null, hrr: false, cookie: null,
    psk: null, pskAccepted: false, earlySent: false, early: c.cfg.earlyData || null, hsSecret: null,
    cHs: null, sHs: null, sentSni: false, sentMfl: 0, certRequest: null, certRequestSchemes: null,
    modes: configModes(c), offer12: offer12,
  };
  c.role = cs;
  c.onHandshake = clientHandshake;
  random(c, c.clientRandom);
  if (cs.sessionId.length > 0) random(c, cs.sessionId);
  cs.psk = choosePsk(c, cs);
  const pskOnly = cs.psk !== null && cs.modes.length === 1 && cs.modes[0] === 0;
  if (!pskOnly) cs.keyPairs.push(generateKeyPair(c.p, cs.groups[0], function (out) { random(c, out); }));
  const ch = writeClientHello(c, cs);
  cs.ch = ch;
  sendHandshake(c, ch, 0x0301);
  step(c, 'client hello', 'sent', ch.length);
  c.ccsOk = true;
  const psk = cs.psk;
  if (cs.early !== null && psk !== null && psk.maxEarly > 0 && psk.suite !== null) {
    // 0-RTT: early data under client_early_traffic_secret right behind the ClientHello
    const es = earlySecret(psk.hash, psk.key);
    const cets = deriveSecret(psk.hash, es, 'c e traffic', psk.hash.create().update(ch).digest());
    keylog(c, 'CLIENT_EARLY_TRAFFIC_SECRET', cets);
    if (cs.sessionId.length > 0) sendCcs(c);
    c.suite = psk.suite;
    setWriteKeys(c, cets);
    let n = cs.early.length;
    if (n > psk.maxEarly) n = psk.maxEarly;
    for (let at = 0; at < n; at += c.sendLimit) {
      queueRecord(c, CT_APPLICATION_DATA, cs.early, at, n - at < c.sendLimit ? n - at : c.sendLimit, 0x0303);
    }
    cs.earlySent = true;
    step(c, 'early data', 'sent', n);
  }
}

function isHrr(random32: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (random32[i] !== HRR_RANDOM[i]) return false;
  return true;
}

function offeredSuite(cs: ClientState, code: number): Suite | null {
  for (let i = 0; i < cs.suites.length; i++) if (cs.suites[i].code === code) return cs.suites[i];
  return null;
}

function onServerHello(c: Conn, cs: ClientState, msg: Uint8Array): void {
  const r = body(msg);
  const legacy = u16(r, 'ServerHello version');
  const rnd = bytes(r, 32, 'ServerHello random');
  const sid = vec(r, 1, 0, 32, 'legacy_session_id_echo');
  const code = u16(r, 'cipher suite');
  const comp = u8(r, 'compression method');
  const ex = parseExtensions(sub(r, 2, 0, 65535, 'ServerHello extensions'), 'ServerHello');
  expectEnd(r, 'ServerHello');
  const sv = findExt(ex, EXT_SUPPORTED_VERSIONS);
  if (sv === null && cs.offer12 && !cs.hrr) {
    client12FromHello(c, cs.ch as Uint8Array, cs.sessionId, msg);
    return;
  }
  if (sv === null) {
    let down = true;
    for (let i = 0; i < 7; i++) if (rnd[24 + i] !== DOWNGRADE[i]) down = false;
    if (down && (rnd[31] === 0 || rnd[31] === 1)) {
      throw tlsError(ILLEGAL_PARAMETER, 'downgrade sentinel in the server random: TLS 1.3 was stripped');
    }
    throw tlsError(PROTOCOL_VERSION, 'server chose version ' + legacy.toString(16) + ': only TLS 1.3 is enabled');
  }
  if (sv.length !== 2 || ((sv[0] << 8) | sv[1]) !== 0x0304) throw tlsError(ILLEGAL_PARAMETER, 'server selected a version not offered');
  if (legacy !== 0x0303) throw tlsError(PROTOCOL_VERSION, 'ServerHello legacy_version ' + legacy.toString(16));
  if (!sameBytes(sid, cs.sessionId)) throw tlsError(ILLEGAL_PARAMETER, 'legacy_session_id_echo does not match');
  const suite = offeredSuite(cs, code);
  if (suite === null) throw tlsError(ILLEGAL_PARAMETER, 'server chose cipher suite ' + code + ' that was not offered');
  if (comp !== 0) throw tlsError(ILLEGAL_PARAMETER, 'compression method ' + comp);
  const h = suiteHash(c.p, suite);
  if (isHrr(rnd)) {
    onHelloRetry(c, cs, msg, suite, h, ex);
    return;
  }
  onlyExts(ex, [EXT_KEY_SHARE, EXT_PRE_SHARED_KEY, EXT_SUPPORTED_VERSIONS], 'ServerHello', UNSUPPORTED_EXTENSION);
  if (cs.hrr && c.suite !== null && c.suite.code !== suite.code) {
    throw tlsError(ILLEGAL_PARAMETER, 'ServerHello suite differs from the HelloRetryRequest');
  }
  c.suite = suite;
  c.hash = h;
  let psk: Uint8Array | null = null;
  const pskExt = findExt(ex, EXT_PRE_SHARED_KEY);
  if (pskExt !== null) {
    if (cs.psk === null) throw tlsError(UNSUPPORTED_EXTENSION, 'pre_shared_key in ServerHello without an offer');
    const pr = reader(pskExt, 0, pskExt.length);
    const sel = u16(pr, 'selected_identity');
    expectEnd(pr, 'pre_shared_key');
    if (sel !== 0) throw tlsError(ILLEGAL_PARAMETER, 'selected_identity ' + sel + ' was not offered');
    if (cs.psk.hash.name !== h.name) throw tlsError(ILLEGAL_PARAMETER, 'suite hash does not match the PSK');
    psk = cs.psk.key;
    cs.pskAccepted = true;
    c.resumed = true;
  }
  const ks = findExt(ex, EXT_KEY_SHARE);
  let shared: Uint8Array | null = null;
  if (ks !== null) {
    const kr = reader(ks, 0, ks.length);
    const g = u16(kr, 'key_share group');
    const pub = vec(kr, 2, 1, 65535, 'key_exchange');
    expectEnd(kr, 'key_share');
    let kp: KeyPair | null = null;
    for (let i = 0; i < cs.keyPairs.length; i++) if (cs.keyPairs[i].group.code === g) kp = cs.keyPairs[i];
    if (kp === null) throw tlsError(ILLEGAL_PARAMETER, 'key share for group ' + g + ' that was not offered');
    shared = sharedSecret(c.p, kp, pub);
    c.group = kp.group.name;
  } else {
    let pskKe = false;
    for (let i = 0; i < cs.modes.length; i++) if (cs.modes[i] === 0) pskKe = true;
    if (psk === null || !pskKe) throw tlsError(MISSING_EXTENSION, 'ServerHello without key_share');
  }
  if (!cs.hrr) {
    c.transcript = h.create();
    addTranscript(c, cs.ch as Uint8Array);
  }
  addTranscript(c, msg);
  step(c, 'server hello', 'received', msg.length);
  const es = earlySecret(h, psk);
  const hs = nextSecret(h, es, shared);
  cs.hsSecret = hs;
  const th = transcriptHash(c);
  cs.cHs = deriveSecret(h, hs, 'c hs traffic', th);
  cs.sHs = deriveSecret(h, hs, 's hs traffic', th);
  keylog(c, 'CLIENT_HANDSHAKE_TRAFFIC_SECRET', cs.cHs);
  keylog(c, 'SERVER_HANDSHAKE_TRAFFIC_SECRET', cs.sHs);
  step(c, 'handshake keys', 'local', 0);
  setReadKeys(c, cs.sHs);
  cs.expect = 'EncryptedExtensions';
}

function onHelloRetry(c: Conn, cs: ClientState, msg: Uint8Array, suite: Suite, h: HashAlgorithm,
  ex: ReturnType<typeof parseExtensions>): void {
  if (cs.hrr) throw tlsError(UNEXPECTED_MESSAGE, 'second HelloRetryRequest');
  onlyExts(ex, [EXT_KEY_SHARE, EXT_COOKIE, EXT_SUPPORTED_VERSIONS], 'HelloRetryRequest', UNSUPPORTED_EXTENSION);
  cs.hrr = true;
  step(c, 'hello retry request', 'received', msg.length);
  const ks = findExt(ex, EXT_KEY_SHARE);
  const ck = findExt(ex, EXT_COOKIE);
  if (ks === null && ck === null) throw tlsError(ILLEGAL_PARAMETER, 'HelloRetryRequest that changes nothing');
  if (ks !== null) {
    const kr = reader(ks, 0, ks.length);
    const g = groupByCode(u16(kr, 'selected_group'));
    expectEnd(kr, 'key_share');
    let known = false;
    for (let i = 0; g !== null && i < cs.groups.length; i++) if (cs.groups[i].code === g.code) known = true;
    if (g === null || !known) throw tlsError(ILLEGAL_PARAMETER, 'HelloRetryRequest asks for a group not offered');
    for (let i = 0; i < cs.keyPairs.length; i++) {
      if (cs.keyPairs[i].group.code === g.code) throw tlsError(ILLEGAL_PARAMETER, 'HelloRetryRequest asks for the group already shared');
    }
    cs.keyPairs = [generateKeyPair(c.p, g, function (out) { random(c, out); })];
  }
  if (ck !== null) {
    const cr = reader(ck, 0, ck.length);
    cs.cookie = copyBytes(vec(cr, 2, 1, 65535, 'cookie'));
    expectEnd(cr, 'cookie');
  }
  c.suite = suite;
  c.hash = h;
  // the transcript restarts with message_hash(ClientHello1) (section 4.4.1)
  const t = h.create();
  const d = h.create().update(cs.ch as Uint8Array).digest();
  t.update(new Uint8Array([HS_MESSAGE_HASH, 0, 0, d.length])).update(d).update(msg);
  c.transcript = t;
  if (cs.psk !== null && cs.psk.hash.name !== h.name) cs.psk = null;
  cs.early = cs.earlySent ? cs.early : null;
  if (cs.earlySent) {
    // early data was refused with the retry: back to plaintext until the handshake keys
    c.writeProt = null;
  }
  if (cs.sessionId.length > 0) sendCcs(c);
  const ch2 = writeClientHello(c, cs);
  addTranscript(c, ch2);
  sendHandshake(c, ch2, 0x0303);
  step(c, 'client hello', 'sent', ch2.length);
  cs.expect = 'ServerHello';
}

function onEncryptedExtensions(c: Conn, cs: ClientState, msg: Uint8Array): void {
  const r = body(msg);
  const ex = parseExtensions(sub(r, 2, 0, 65535, 'EncryptedExtensions'), 'EncryptedExtensions');
  expectEnd(r, 'EncryptedExtensions');
  const allowed = [EXT_SUPPORTED_GROUPS, EXT_RECORD_SIZE_LIMIT];
  if (cs.sentSni) allowed.push(EXT_SERVER_NAME);
  if (c.cfg.alpn && c.cfg.alpn.length > 0) allowed.push(EXT_ALPN);
  if (cs.sentMfl > 0) allowed.push(EXT_MAX_FRAGMENT_LENGTH);
  if (cs.earlySent && !cs.hrr) allowed.push(EXT_EARLY_DATA);
  onlyExts(ex, allowed, 'EncryptedExtensions', UNSUPPORTED_EXTENSION);
  const sni = findExt(ex, EXT_SERVER_NAME);
  if (sni !== null) {
    if (sni.length !== 0) throw tlsError(DECODE_ERROR, 'server_name answer must be empty');
    c.serverName = c.cfg.serverName || null;
  }
  const alpn = findExt(ex, EXT_ALPN);
  if (alpn !== null) c.alpn = alpnAnswer(alpn, c.cfg.alpn as string[]);
  const rsl = findExt(ex, EXT_RECORD_SIZE_LIMIT);
  if (rsl !== null) {
    const lim = recordSizeLimit(rsl);
    c.peerLimit = lim - 1 > 16384 ? 16384 : lim - 1;
    if (c.peerLimit < c.sendLimit) c.sendLimit = c.peerLimit;
  }
  const mfl = findExt(ex, EXT_MAX_FRAGMENT_LENGTH);
  if (mfl !== null) {
    if (rsl !== null) throw tlsError(ILLEGAL_PARAMETER, 'both record_size_limit and max_fragment_length');
    if (mfl.length !== 1 || mfl[0] !== cs.sentMfl) throw tlsError(ILLEGAL_PARAMETER, 'max_fragment_length differs from the request');
  }
  const ed = findExt(ex, EXT_EARLY_DATA);
  if (ed !== null) {
    if (ed.length !== 0) throw tlsError(DECODE_ERROR, 'early_data answer must be empty');
    if (!cs.pskAccepted) throw tlsError(ILLEGAL_PARAMETER, 'early data accepted without the PSK');
    const ps = (cs.psk as Psk).suite;
    if (ps === null || (c.suite as Suite).code !== ps.code) {
      throw tlsError(ILLEGAL_PARAMETER, 'early data accepted under another cipher suite than the ticket\'s');
    }
    c.earlyAccepted = true;
  }
  addTranscript(c, msg);
  step(c, 'encrypted extensions', 'received', msg.length);
  cs.expect = cs.pskAccepted ? 'Finished' : 'CertificateOrRequest';
}

function onCertificateRequest(c: Conn, cs: ClientState, msg: Uint8Array): void {
  const r = body(msg);
  const ctx = vec(r, 1, 0, 255, 'certificate_request_context');
  const ex = parseExtensions(sub(r, 2, 2, 65535, 'CertificateRequest extensions'), 'CertificateRequest');
  expectEnd(r, 'CertificateRequest');
  if (ctx.length !== 0) throw tlsError(ILLEGAL_PARAMETER, 'certificate_request_context must be empty in the handshake');
  const sa = findExt(ex, EXT_SIGNATURE_ALGORITHMS);
  if (sa === null) throw tlsError(MISSING_EXTENSION, 'CertificateRequest without signature_algorithms');
  const sr = reader(sa, 0, sa.length);
  cs.certRequestSchemes = copyBytes(vec(sr, 2, 2, 65534, 'signature_algorithms'));
  cs.certRequest = copyBytes(ctx);
  addTranscript(c, msg);
  step(c, 'certificate request', 'received', msg.length);
  cs.expect = 'Certificate';
}

function onCertificate(c: Conn, cs: ClientState, msg: Uint8Array): void {
  const cm = parseCertificateMsg(msg);
  if (cm.context.length !== 0) throw tlsError(ILLEGAL_PARAMETER, 'server Certificate with a request context');
  if (cm.chain.length === 0) throw tlsError(DECODE_ERROR, 'server sent no certificate');
  addTranscript(c, msg);
  step(c, 'certificate', 'received', msg.length);
  c.peerChain = cm.chain;
  c.peerKey = checkPeerChain(c, cm.chain);
  step(c, 'certificate check', 'local', 0);
  cs.expect = 'CertificateVerify';
}

function offeredSchemes(c: Conn): number[] {
  const adv = c.cfg.advertise;
  if (adv && adv.signatureSchemes) return adv.signatureSchemes;
  return schemeCodes();
}

function onServerFinished(c: Conn, cs: ClientState, msg: Uint8Array): void {
  const h = c.hash as HashAlgorithm;
  checkFinished(c, msg, cs.sHs as Uint8Array);
  const master = nextSecret(h, cs.hsSecret as Uint8Array, null);
  c.masterSecret = master;
  const th = transcriptHash(c);
  c.cAp = deriveSecret(h, master, 'c ap traffic', th);
  c.sAp = deriveSecret(h, master, 's ap traffic', th);
  keylog(c, 'CLIENT_TRAFFIC_SECRET_0', c.cAp);
  keylog(c, 'SERVER_TRAFFIC_SECRET_0', c.sAp);
  keylog(c, 'EXPORTER_SECRET', deriveSecret(h, master, 'exp master', th));
  setReadKeys(c, c.sAp);
  if (c.earlyAccepted) {
    const eoed = new Uint8Array([HS_END_OF_EARLY_DATA, 0, 0, 0]);
    sendMessage(c, 'end of early data', eoed);
  } else if (cs.sessionId.length > 0) {
    sendCcs(c);
  }
  setWriteKeys(c, cs.cHs as Uint8Array);
  if (cs.certRequest !== null) {
    const chain = c.cfg.certChain || [];
    const s = chain.length > 0 ? chooseScheme(c, cs.certRequestSchemes as Uint8Array) : null;
    sendCertificate(c, cs.certRequest, s !== null ? chain : []);
    if (s !== null) sendCertificateVerify(c, s);
  }
  sendFinished(c, cs.cHs as Uint8Array);
  c.resMaster = deriveSecret(h, master, 'res master', transcriptHash(c));
  setWriteKeys(c, c.cAp);
  c.handshakeDone = true;
  c.state = 'open';
  c.appReadable = true;
  c.appWritable = true;
  c.ccsOk = false;
  cs.expect = 'Done';
  step(c, 'connected', 'local', 0);
  if (cs.earlySent && !c.earlyAccepted && cs.early !== null) {
    // the server refused the early data: send it again as ordinary data
    const e = cs.early;
    for (let at = 0; at < e.length; at += c.sendLimit) {
      queueRecord(c, CT_APPLICATION_DATA, e, at, e.length - at < c.sendLimit ? e.length - at : c.sendLimit, 0x0303);
    }
  }
}

function onNewSessionTicket(c: Conn, msg: Uint8Array): void {
  const r = body(msg);
  const lifetime = u32(r, 'ticket_lifetime');
  const ageAdd = u32(r, 'ticket_age_add');
  const nonce = vec(r, 1, 0, 255, 'ticket_nonce');
  const ticket = vec(r, 2, 1, 65535, 'ticket');
  const ex = parseExtensions(sub(r, 2, 0, 65534, 'NewSessionTicket extensions'), 'NewSessionTicket');
  expectEnd(r, 'NewSessionTicket');
  if (lifetime > 604800) throw tlsError(ILLEGAL_PARAMETER, 'ticket lifetime over seven days');
  let maxEarly = 0;
  const ed = findExt(ex, EXT_EARLY_DATA);
  if (ed !== null) {
    const er = reader(ed, 0, ed.length);
    maxEarly = u32(er, 'max_early_data_size');
    expectEnd(er, 'early_data');
  }
  step(c, 'new session ticket', 'received', msg.length);
  const h = c.hash as HashAlgorithm;
  const s: SessionState = {
    version: 0x0304, suite: (c.suite as Suite).code, ticket: copyBytes(ticket),
    secret: resumptionPsk(h, c.resMaster as Uint8Array, nonce), ageAdd: ageAdd, lifetime: lifetime,
    issued: c.cfg.clock.now(), maxEarlyData: maxEarly, alpn: c.alpn, serverName: c.cfg.serverName || null,
  };
  if (lifetime > 0) c.session = s;
}

function clientHandshake(c: Conn, type: number, msg: Uint8Array): void {
  const cs = c.role as ClientState;
  const ex = cs.expect;
  if (ex === 'Done') {
    if (type === HS_NEW_SESSION_TICKET) onNewSessionTicket(c, msg);
    else if (type === HS_KEY_UPDATE) handleKeyUpdate(c, msg);
    else throw unexpected('post-handshake message', type);
  } else if (ex === 'ServerHello' && type === HS_SERVER_HELLO) onServerHello(c, cs, msg);
  else if (ex === 'EncryptedExtensions' && type === HS_ENCRYPTED_EXTENSIONS) onEncryptedExtensions(c, cs, msg);
  else if (ex === 'CertificateOrRequest' && type === HS_CERTIFICATE_REQUEST) onCertificateRequest(c, cs, msg);
  else if ((ex === 'CertificateOrRequest' || ex === 'Certificate') && type === HS_CERTIFICATE) onCertificate(c, cs, msg);
  else if (ex === 'CertificateVerify' && type === HS_CERTIFICATE_VERIFY) {
    checkCertificateVerify(c, msg, c.peerKey as NonNullable<typeof c.peerKey>, offeredSchemes(c));
    cs.expect = 'Finished';
  } else if (ex === 'Finished' && type === HS_FINISHED) onServerFinished(c, cs, msg);
  else throw unexpected(ex, type);
}
