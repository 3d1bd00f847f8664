// The TLS 1.2 client (RFC 5246 section 7.3): ServerHello, the server's Certificate, its
// ServerKeyExchange (ECDHE) or none (RSA), an optional CertificateRequest, ServerHelloDone; then
// this side's ClientKeyExchange, change_cipher_spec and Finished, and the server's. A session ID
// or ticket (RFC 5077) echoed by the server gives the abbreviated handshake. The ClientHello is
// either its own (TLS 1.2 only) or the TLS 1.3 client's (both offered; ../client.ts hands over).
import type { Conn } from '../conn';
import type { Writer } from '../codec';
import type { Group } from '../suites';
import type { SessionState } from '../types';
import type { Suite12 } from './suites';
import type { Hs12 } from './common';
import { put8, put16, putBytes, open, close, reader, u8, u16, u32, vec, sub, left, expectEnd, bytes, copyBytes,
  sameBytes } from '../codec';
import { sendHandshake, step, random, HS_CLIENT_HELLO, HS_SERVER_HELLO, HS_CERTIFICATE, HS_CERTIFICATE_REQUEST,
  HS_CERTIFICATE_VERIFY, HS_FINISHED } from '../conn';
import { startMessage, endMessage, body, checkPeerChain, isIpLiteral, mflCode } from '../common';
import { parseExtensions, findExt, alpnAnswer, recordSizeLimit, onlyExts, EXT_SERVER_NAME, EXT_MAX_FRAGMENT_LENGTH, EXT_SUPPORTED_GROUPS,
  EXT_SIGNATURE_ALGORITHMS, EXT_ALPN, EXT_RECORD_SIZE_LIMIT, EXT_SESSION_TICKET, EXT_RENEGOTIATION_INFO } from '../extensions';
import { groupByCode, configGroups } from '../suites';
import { generateKeyPair, sharedSecret } from '../keyshare';
import { tlsError, ILLEGAL_PARAMETER, PROTOCOL_VERSION, HANDSHAKE_FAILURE, DECODE_ERROR,
  DECRYPT_ERROR, INTERNAL_ERROR, UNSUPPORTED_CERTIFICATE, UNEXPECTED_MESSAGE } from '../alerts';
import { suite12ByCode, prfHash } from './suites';
import { configSuites12 } from '../versions';
import { masterSecret } from './keyschedule';
import { addMsg, hashMsgs, allMsgs, send12, received12, certificateMsg, parseCertificate12, chooseScheme12, sign12,
  verify12, putSchemes, prepareKeys, sendCcs12, expectCcs, sendFinished12, checkFinished12, sessionKeysDone,
  afterHandshake, DOWNGRADE12, HS_SERVER_KEY_EXCHANGE, HS_SERVER_HELLO_DONE, HS_CLIENT_KEY_EXCHANGE,
  HS_NEW_SESSION_TICKET, EXT_EC_POINT_FORMATS, EXT_EXTENDED_MASTER_SECRET } from './common';

interface Client12 extends Hs12 {
  expect: string;
  suites: Suite12[];
  groups: Group[];
  sessionId: Uint8Array;
  offered: SessionState | null;
  /** Extensions the ClientHello carried (a server may only answer those). */
  sni: boolean;
  mfl: number;
  sentRsl: boolean;
  offered13: boolean;
  serverTicketExt: boolean;
  resumed: boolean;
  group: Group | null;
  serverPub: Uint8Array | null;
  certRequest: Uint8Array | null;
  newTicket: Uint8Array | null;
  ticketLifetime: number;
}

/** A 1.2 session the configuration offers for resumption, or null. */
function offeredSession(c: Conn): SessionState | null {
  const s = c.cfg.session;
  if (!s || s.version !== 0x0303 || suite12ByCode(s.suite) === null || s.extendedMasterSecret !== true) return null;
  const now = c.cfg.clock.now();
  if (now >= 0 && s.issued >= 0 && now - s.issued > s.lifetime) return null;
  return s;
}

/** The extensions only TLS 1.2 needs, also written into the TLS 1.3 client's ClientHello when
 * both versions are offered: renegotiation_info (empty: RFC 5746), extended_master_secret
 * (RFC 7627), ec_point_formats (uncompressed only) and session_ticket (RFC 5077). */
export function putHelloExtensions12(w: Writer, ticket: Uint8Array | null): void {
  put16(w, EXT_RENEGOTIATION_INFO);
  put16(w, 1);
  put8(w, 0);
  put16(w, EXT_EXTENDED_MASTER_SECRET);
  put16(w, 0);
  put16(w, EXT_EC_POINT_FORMATS);
  put16(w, 2);
  put8(w, 1);
  put8(w, 0);
  put16(w, EXT_SESSION_TICKET);
  const e = open(w, 2);
  if (ticket !== null) putBytes(w, ticket);
  close(w, e, 2);
}

function writeHello12(c: Conn, cs: Client12): Uint8Array {
  const cfg = c.cfg;
  const w = startMessage(HS_CLIENT_HELLO, 512);
  put16(w, 0x0303);
  putBytes(w, c.cRandom);
  put8(w, cs.sessionId.length);
  putBytes(w, cs.sessionId);
  let l = open(w, 2);
  for (let i = 0; i < cs.suites.length; i++) put16(w, cs.suites[i].code);
  close(w, l, 2);
  put8(w, 1);
  put8(w, 0);
  const exts = open(w, 2);
  let e: number;
  if (cfg.serverName && !isIpLiteral(cfg.serverName)) {
    cs.sni = true;
    put16(w, EXT_SERVER_NAME);
    e = open(w, 2);
    l = open(w, 2);
    put8(w, 0);
    const n = open(w, 2);
    for (let i = 0; i < cfg.serverName.length; i++) put8(w, cfg.serverName.charCodeAt(i));
    close(w, n, 2);
    close(w, l, 2);
    close(w, e, 2);
  }
  if (cfg.alpn && cfg.alpn.length > 0) {
    put16(w, EXT_ALPN);
    e = open(w, 2);
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
  put16(w, EXT_SUPPORTED_GROUPS);
  e = open(w, 2);
  l = open(w, 2);
  let p256 = false;
  for (let i = 0; i < cs.groups.length; i++) {
    put16(w, cs.groups[i].code);
    if (cs.groups[i].code === 0x0017) p256 = true;
  }
  // in TLS 1.2 the list also names the curves of ECDSA certificates this side accepts
  // (RFC 8422 section 5.1.1); a server's key exchange must still use a configured group
  if (!p256) put16(w, 0x0017);
  close(w, l, 2);
  close(w, e, 2);
  put16(w, EXT_SIGNATURE_ALGORITHMS);
  e = open(w, 2);
  putSchemes(w);
  close(w, e, 2);
  putHelloExtensions12(w, cs.offered !== null && cs.offered.ticket.length > 0 ? cs.offered.ticket : null);
  cs.mfl = mflCode(c.ownLimit);
  if (cs.mfl > 0) {
    put16(w, EXT_MAX_FRAGMENT_LENGTH);
    put16(w, 1);
    put8(w, cs.mfl);
  }
  if (c.ownLimit < 16384) {
    cs.sentRsl = true;
    put16(w, EXT_RECORD_SIZE_LIMIT);
    put16(w, 2);
    put16(w, c.ownLimit);
  }
  close(w, exts, 2);
  return endMessage(w);
}

function newState(c: Conn, sessionId: Uint8Array): Client12 {
  const suites = configSuites12(c.cfg.suites);
  if (suites.length === 0) throw tlsError(INTERNAL_ERROR, 'no TLS 1.2 cipher suites configured');
  return {
    msgs: [], suite: suites[0], h: c.p.sha256, serverRandom: new Uint8Array(32), master: null, ems: false,
    nextRead: null, nextWrite: null, expect: 'ServerHello', suites: suites, groups: configGroups(c, true),
    sessionId: sessionId, offered: offeredSession(c), sni: false, mfl: 0, sentRsl: false, offered13: false,
    serverTicketExt: false, resumed: false, group: null, serverPub: null, certRequest: null, newTicket: null,
    ticketLifetime: 0,
  };
}

/** A TLS 1.2-only client: its own ClientHello. */
export function client12Start(c: Conn): void {
  random(c, c.cRandom);
  const cs = newState(c, new Uint8Array(0));
  if (cs.offered !== null) {
    const sid = cs.offered.sessionId;
    if (cs.offered.ticket.length > 0 || !sid || sid.length === 0) {
      // with a ticket, a fresh session ID tells whether the server resumed (RFC 5077 section 3.4)
      cs.sessionId = new Uint8Array(32);
      random(c, cs.sessionId);
    } else {
      cs.sessionId = copyBytes(sid);
    }
  }
  c.role = cs;
  c.version = 0x0303;
  c.onMsg = client12Handshake;
  const ch = writeHello12(c, cs);
  addMsg(cs, ch);
  sendHandshake(c, ch, 0x0301);
  step(c, 'client hello', 'sent', ch.length);
}

/** The TLS 1.3 client's ClientHello (both versions offered) was answered with TLS 1.2. */
export function client12FromHello(c: Conn, ch: Uint8Array, sessionId: Uint8Array, sh: Uint8Array): void {
  const cs = newState(c, sessionId);
  cs.offered = null;
  cs.offered13 = true;
  cs.sni = !!c.cfg.serverName && !isIpLiteral(c.cfg.serverName);
  cs.mfl = mflCode(c.ownLimit);
  cs.sentRsl = true;
  c.role = cs;
  c.version = 0x0303;
  c.ccsOk = false;
  c.onMsg = client12Handshake;
  addMsg(cs, ch);
  onServerHello(c, cs, sh);
}

function onServerHello(c: Conn, cs: Client12, msg: Uint8Array): void {
  const r = body(msg);
  const version = u16(r, 'ServerHello version');
  const rnd = bytes(r, 32, 'ServerHello random');
  const sid = vec(r, 1, 0, 32, 'session_id');
  const code = u16(r, 'cipher suite');
  const comp = u8(r, 'compression method');
  const ex = parseExtensions(left(r) > 0 ? sub(r, 2, 0, 65535, 'ServerHello extensions') : reader(msg, 0, 0), 'ServerHello');
  expectEnd(r, 'ServerHello');
  if (version !== 0x0303) throw tlsError(PROTOCOL_VERSION, 'server chose version ' + version.toString(16) + ': TLS 1.2 is the oldest enabled');
  if (cs.offered13) {
    let down = true;
    for (let i = 0; i < 7; i++) if (rnd[24 + i] !== DOWNGRADE12[i]) down = false;
    if (down && (rnd[31] === 0 || rnd[31] === 1)) {
      throw tlsError(ILLEGAL_PARAMETER, 'downgrade sentinel in the server random: TLS 1.3 was stripped');
    }
  }
  let suite: Suite12 | null = null;
  for (let i = 0; i < cs.suites.length; i++) if (cs.suites[i].code === code) suite = cs.suites[i];
  if (suite === null) throw tlsError(ILLEGAL_PARAMETER, 'server chose cipher suite ' + code + ' that was not offered');
  if (comp !== 0) throw tlsError(ILLEGAL_PARAMETER, 'compression method ' + comp);
  const allowed = [EXT_RENEGOTIATION_INFO, EXT_EXTENDED_MASTER_SECRET, EXT_EC_POINT_FORMATS, EXT_SESSION_TICKET];
  if (cs.sni) allowed.push(EXT_SERVER_NAME);
  if (c.cfg.alpn && c.cfg.alpn.length > 0) allowed.push(EXT_ALPN);
  if (cs.mfl > 0) allowed.push(EXT_MAX_FRAGMENT_LENGTH);
  if (cs.sentRsl) allowed.push(EXT_RECORD_SIZE_LIMIT);
  onlyExts(ex, allowed, 'ServerHello', null);
  const ri = findExt(ex, EXT_RENEGOTIATION_INFO);
  if (ri !== null && (ri.length !== 1 || ri[0] !== 0)) throw tlsError(HANDSHAKE_FAILURE, 'renegotiation_info is not empty');
  const emsExt = findExt(ex, EXT_EXTENDED_MASTER_SECRET);
  if (emsExt !== null && emsExt.length !== 0) throw tlsError(DECODE_ERROR, 'extended_master_secret with a body');
  const st = findExt(ex, EXT_SESSION_TICKET);
  if (st !== null && st.length !== 0) throw tlsError(DECODE_ERROR, 'session_ticket answer must be empty');
  cs.serverTicketExt = st !== null;
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
    c.peerLimit = lim > 16384 ? 16384 : lim;
    if (c.peerLimit < c.sendLimit) c.sendLimit = c.peerLimit;
    // the TLS 1.3 ClientHello counted the content type byte: a TLS 1.2 server may use it for data
    if (cs.offered13) c.ownLimit += 1;
  }
  const mf = findExt(ex, EXT_MAX_FRAGMENT_LENGTH);
  if (mf !== null) {
    if (rsl !== null) throw tlsError(ILLEGAL_PARAMETER, 'both record_size_limit and max_fragment_length');
    if (mf.length !== 1 || mf[0] !== cs.mfl) throw tlsError(ILLEGAL_PARAMETER, 'max_fragment_length differs from the request');
    const size = 256 << mf[0];
    if (size < c.sendLimit) c.sendLimit = size;
  }
  cs.suite = suite;
  cs.h = prfHash(c.p, suite);
  cs.ems = emsExt !== null;
  cs.serverRandom = copyBytes(rnd);
  c.suite = { code: suite.code, name: suite.name, keyLen: suite.keyLen, hash: suite.hash };
  c.hash = cs.h;
  received12(c, cs, 'server hello', msg);
  const o = cs.offered;
  if (o !== null && sid.length > 0 && sameBytes(sid, cs.sessionId)) {
    // the abbreviated handshake (RFC 5246 section 7.3): the session's master secret, new keys
    if (o.suite !== suite.code) throw tlsError(ILLEGAL_PARAMETER, 'resumed session with another cipher suite');
    if (!cs.ems) throw tlsError(HANDSHAKE_FAILURE, 'resumption without extended_master_secret (RFC 7627 section 5.3)');
    cs.resumed = true;
    c.resumed = true;
    cs.master = o.secret;
    prepareKeys(c, cs);
    if (cs.serverTicketExt) cs.expect = 'NewSessionTicket';
    else waitCcs(c, cs);
    return;
  }
  cs.sessionId = copyBytes(sid);
  cs.expect = 'Certificate';
}

function waitCcs(c: Conn, cs: Client12): void {
  cs.expect = 'ChangeCipherSpec';
  expectCcs(c, cs, function () { cs.expect = 'Finished'; });
}

function onCertificate(c: Conn, cs: Client12, msg: Uint8Array): void {
  const chain = parseCertificate12(msg);
  if (chain.length === 0) throw tlsError(DECODE_ERROR, 'server sent no certificate');
  received12(c, cs, 'certificate', msg);
  c.peerChain = chain;
  const key = checkPeerChain(c, chain);
  c.peerKey = key;
  const kx = cs.suite.kx;
  const fits = kx === 'ecdhe_ecdsa' ? key.kind === 'p256' || key.kind === 'p384' || key.kind === 'ed25519' : key.kind === 'rsa';
  if (!fits) throw tlsError(UNSUPPORTED_CERTIFICATE, 'a ' + key.kind + ' certificate does not fit ' + cs.suite.name);
  step(c, 'certificate check', 'local', 0);
  cs.expect = kx === 'rsa' ? 'CertificateRequestOrDone' : 'ServerKeyExchange';
}

function onServerKeyExchange(c: Conn, cs: Client12, msg: Uint8Array): void {
  const r = body(msg);
  const start = r.pos;
  if (u8(r, 'curve_type') !== 3) throw tlsError(ILLEGAL_PARAMETER, 'ServerKeyExchange without a named curve');
  const g = groupByCode(u16(r, 'named_curve'));
  const pub = vec(r, 1, 1, 255, 'ECDH public key');
  const paramsEnd = r.pos;
  const scheme = u16(r, 'signature scheme');
  const sig = vec(r, 2, 1, 65535, 'signature');
  expectEnd(r, 'ServerKeyExchange');
  let offered = false;
  for (let i = 0; g !== null && i < cs.groups.length; i++) if (cs.groups[i].code === g.code) offered = true;
  if (g === null || !offered) throw tlsError(ILLEGAL_PARAMETER, 'server chose a curve that was not offered');
  // signed: client_random + server_random + ServerECDHParams
  const content = new Uint8Array(64 + paramsEnd - start);
  content.set(c.cRandom, 0);
  content.set(cs.serverRandom, 32);
  content.set(msg.subarray(start, paramsEnd), 64);
  if (!verify12(c, scheme, c.peerKey as NonNullable<typeof c.peerKey>, content, sig)) {
    throw tlsError(DECRYPT_ERROR, 'ServerKeyExchange signature does not verify');
  }
  cs.group = g;
  cs.serverPub = copyBytes(pub);
  c.group = g.name;
  received12(c, cs, 'server key exchange', msg);
  cs.expect = 'CertificateRequestOrDone';
}

function onCertificateRequest(c: Conn, cs: Client12, msg: Uint8Array): void {
  const r = body(msg);
  vec(r, 1, 1, 255, 'certificate_types');
  const schemes = vec(r, 2, 2, 65534, 'supported_signature_algorithms');
  const cas = sub(r, 2, 0, 65535, 'certificate_authorities');
  while (left(cas) > 0) vec(cas, 2, 1, 65535, 'distinguished name');
  expectEnd(r, 'CertificateRequest');
  cs.certRequest = copyBytes(schemes);
  received12(c, cs, 'certificate request', msg);
  cs.expect = 'ServerHelloDone';
}

function onServerHelloDone(c: Conn, cs: Client12, msg: Uint8Array): void {
  if (msg.length !== 4) throw tlsError(DECODE_ERROR, 'ServerHelloDone with a body');
  received12(c, cs, 'server hello done', msg);
  let scheme = -1;
  if (cs.certRequest !== null) {
    const chain = c.cfg.certChain || [];
    const key = c.cfg.privateKey;
    if (chain.length > 0 && key) scheme = chooseScheme12(key, cs.certRequest);
    send12(c, cs, 'certificate', certificateMsg(scheme >= 0 ? chain : []));
  }
  let pms: Uint8Array;
  const w = startMessage(HS_CLIENT_KEY_EXCHANGE, 300);
  if (cs.suite.kx === 'rsa') {
    pms = new Uint8Array(48);
    random(c, pms);
    pms[0] = 3;
    pms[1] = 3;
    const peer = c.peerKey as NonNullable<typeof c.peerKey>;
    const enc = c.p.rsaPkcs1Encrypt(peer.rsa as NonNullable<typeof peer.rsa>, pms, function (out: Uint8Array) { random(c, out); });
    const l = open(w, 2);
    putBytes(w, enc);
    close(w, l, 2);
  } else {
    const kp = generateKeyPair(c, cs.group as Group);
    pms = sharedSecret(c.p, kp, cs.serverPub as Uint8Array);
    const l = open(w, 1);
    putBytes(w, kp.pub);
    close(w, l, 1);
  }
  step(c, 'premaster secret', 'local', pms.length);
  send12(c, cs, 'client key exchange', endMessage(w));
  cs.master = masterSecret(cs.h, pms, cs.ems, hashMsgs(cs, cs.h), c.cRandom, cs.serverRandom);
  if (scheme >= 0) {
    const sig = sign12(c, scheme, c.cfg.privateKey as NonNullable<typeof c.cfg.privateKey>, allMsgs(cs));
    const v = startMessage(HS_CERTIFICATE_VERIFY, 8 + sig.length);
    put16(v, scheme);
    const l = open(v, 2);
    putBytes(v, sig);
    close(v, l, 2);
    send12(c, cs, 'certificate verify', endMessage(v));
  }
  prepareKeys(c, cs);
  sendCcs12(c, cs);
  sendFinished12(c, cs);
  if (cs.serverTicketExt) cs.expect = 'NewSessionTicket';
  else waitCcs(c, cs);
}

function onNewSessionTicket(c: Conn, cs: Client12, msg: Uint8Array): void {
  const r = body(msg);
  const lifetime = u32(r, 'ticket_lifetime_hint');
  const ticket = vec(r, 2, 0, 65535, 'ticket');
  expectEnd(r, 'NewSessionTicket');
  received12(c, cs, 'new session ticket', msg);
  if (ticket.length > 0) {
    cs.newTicket = copyBytes(ticket);
    cs.ticketLifetime = lifetime;
  }
  waitCcs(c, cs);
}

function onFinished(c: Conn, cs: Client12, msg: Uint8Array): void {
  checkFinished12(c, cs, msg);
  if (cs.resumed) {
    sendCcs12(c, cs);
    sendFinished12(c, cs);
  }
  cs.expect = 'Done';
  saveSession(c, cs);
  cs.msgs = [];
  sessionKeysDone(c);
}

function saveSession(c: Conn, cs: Client12): void {
  const o = cs.offered;
  if (cs.resumed && o !== null && cs.newTicket === null) {
    c.saved = o;
    return;
  }
  if (!cs.ems || (cs.newTicket === null && cs.sessionId.length === 0)) return;
  const s: SessionState = {
    version: 0x0303, suite: cs.suite.code, ticket: cs.newTicket || new Uint8Array(0), secret: cs.master as Uint8Array,
    ageAdd: 0, lifetime: cs.ticketLifetime > 0 ? cs.ticketLifetime : 7200, issued: c.cfg.clock.now(), maxEarlyData: 0,
    alpn: c.alpn, serverName: c.cfg.serverName || null, sessionId: cs.sessionId, extendedMasterSecret: true,
  };
  c.saved = s;
}

function client12Handshake(c: Conn, type: number, msg: Uint8Array): void {
  const cs = c.role as Client12;
  const ex = cs.expect;
  if (ex === 'Done') afterHandshake(c, type, msg);
  else if (ex === 'ServerHello' && type === HS_SERVER_HELLO) onServerHello(c, cs, msg);
  else if (ex === 'Certificate' && type === HS_CERTIFICATE) onCertificate(c, cs, msg);
  else if (ex === 'ServerKeyExchange' && type === HS_SERVER_KEY_EXCHANGE) onServerKeyExchange(c, cs, msg);
  else if (ex === 'CertificateRequestOrDone' && type === HS_CERTIFICATE_REQUEST) onCertificateRequest(c, cs, msg);
  else if ((ex === 'CertificateRequestOrDone' || ex === 'ServerHelloDone') && type === HS_SERVER_HELLO_DONE) {
    onServerHelloDone(c, cs, msg);
  } else if (ex === 'NewSessionTicket' && type === HS_NEW_SESSION_TICKET) onNewSessionTicket(c, cs, msg);
  else if (ex === 'Finished' && type === HS_FINISHED) onFinished(c, cs, msg);
  else throw tlsError(UNEXPECTED_MESSAGE, 'handshake message ' + type + ' while expecting ' + ex);
}
