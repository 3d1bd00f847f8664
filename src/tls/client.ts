// The TLS 1.3 client (RFC 8446 sections 4.1-4.6): ClientHello with key shares and an optional PSK
// (ticket or external) and 0-RTT data (early.ts), HelloRetryRequest, then the server's encrypted
// flight checked message by message; `want` is the handshake type expected next.
import type { Conn } from './conn';
import type { KeyPair } from './keyshare';
import type { Suite, Group } from './suites';
import type { HashAlgorithm } from '../crypto/provider';
import type { SessionState } from './types';
import type { Extensions } from './extensions';
import type { Writer } from './codec';
import { put8, put16, put32, putBytes, open, close, u8, u16, u32, vec, expectEnd, bytes,
  copyBytes, sameBytes, latin1, putExt, put16s, putText, codes, readAll } from './codec';
import { addTranscript, transcriptHash, sendHandshake, sendCcs, step, random, keylog, setReadKeys,
  setWriteKeys, HS_CLIENT_HELLO, HS_SERVER_HELLO, HS_ENCRYPTED_EXTENSIONS, HS_CERTIFICATE,
  HS_CERTIFICATE_REQUEST, HS_CERTIFICATE_VERIFY, HS_FINISHED, HS_NEW_SESSION_TICKET, HS_KEY_UPDATE,
  HS_MESSAGE_HASH, received } from './conn';
import { startMessage, endMessage, body, sendMessage, parseCertificateMsg, checkPeerChain,
  checkCertificateVerify, sendFinished, checkFinished, schemeCodes, handleKeyUpdate, unexpected, HRR_RANDOM,
  isIpLiteral, mflCode, trafficSecrets, putVec, illegal, notOffered, refuseMissing } from './common';
import { lastExts, findExt, alpnAnswer, recordSizeLimit, onlyExts, extNum, EXT_SERVER_NAME,
  EXT_MAX_FRAGMENT_LENGTH, EXT_SUPPORTED_GROUPS, EXT_SIGNATURE_ALGORITHMS, EXT_ALPN, EXT_PADDING,
  EXT_RECORD_SIZE_LIMIT, EXT_SESSION_TICKET, EXT_PRE_SHARED_KEY, EXT_EARLY_DATA, EXT_SUPPORTED_VERSIONS,
  EXT_COOKIE, EXT_PSK_KEY_EXCHANGE_MODES, EXT_KEY_SHARE, EXT_RENEGOTIATION_INFO } from './extensions';
import { byCode, suiteHash, configSuites, configGroups } from './suites';
import { generateKeyPair, sharedSecret } from './keyshare';
import { CERT_ONLY_SCHEMES } from './signature';
import { configSuites12, versionEnabled } from './versions';
import { client12Start, client12FromHello, putHelloExtensions12 } from './tls12/client';
import { earlySecret, nextSecret, deriveSecret, binderKey, finishedMac, resumptionPsk } from './keyschedule';
import { sendEarly, earlyAccepted, endEarly } from './early';
import { sendClientAuth } from './clientauth';
import { boardHas } from '../board';
import { tlsError, PROTOCOL_VERSION, MISSING_EXTENSION,
  DECODE_ERROR, UNEXPECTED_MESSAGE, INTERNAL_ERROR } from './alerts';

export interface Psk {
  identity: Uint8Array;
  key: Uint8Array;
  hash: HashAlgorithm;
  /** Ticket: its suite and obfuscated age; an external PSK: null and 0. */
  suite: Suite | null;
  obfAge: number;
  maxEarly: number;
}

export interface ClientState {
  /** The handshake message type wanted next (CertificateRequest: it or a Certificate); 0 once
   * the handshake is done. */
  want: number;
  suites: Suite[];
  groups: Group[];
  kps: KeyPair[];
  /** legacy_session_id (32 random bytes in compatibility mode). */
  sid: Uint8Array;
  ch: Uint8Array;
  hrr?: boolean;
  cookie?: Uint8Array;
  psk: Psk | null;
  pskOk?: boolean;
  earlySent?: boolean;
  early: Uint8Array | null;
  hsSec: Uint8Array;
  cHs: Uint8Array;
  sHs: Uint8Array;
  /** The extension types the last ClientHello sent: all a server may answer. */
  offered: number[];
  mfl: number;
  /** The server's certificate_request_context and signature_algorithms, when it asked. */
  crCtx?: Uint8Array;
  crSchemes: Uint8Array;
  /** psk_key_exchange_modes: 1 = psk_dhe_ke, 0 = psk_ke. */
  modes: number[];
  /** TLS 1.2 offered too (tls12/): its suites and extensions ride in this ClientHello. */
  offer12?: boolean;
}

const KEY_SHARE = 'key_share';
const COOKIE = 'cookie';

/** certificate_request_context is empty during the handshake (RFC 8446 section 4.3.2, 4.4.2). */
function noContext(ctx: Uint8Array): void {
  if (ctx.length !== 0) throw illegal('certificate_request_context not empty');
}

/** psk_key_exchange_modes from the configuration: 1 = psk_dhe_ke, 0 = psk_ke. */
function configModes(c: Conn): number[] {
  const m = c.cfg.pskModes;
  if (!m) return [1];
  const out: number[] = [];
  for (let i = 0; i < m.length; i++) {
    const k = ['psk_ke', 'psk_dhe_ke'].indexOf(m[i]);
    if (k < 0) throw tlsError(INTERNAL_ERROR, 'unknown PSK mode ' + m[i]);
    out.push(k);
  }
  return out;
}

function choosePsk(c: Conn, cs: ClientState): Psk | null {
  const cfg = c.cfg;
  const s = cfg.session;
  // a ticket is only for the server name it was issued under (RFC 8446 section 4.6.1)
  if (s && s.version === 0x0304 && (!s.serverName || !cfg.serverName || s.serverName === cfg.serverName)) {
    // only a ticket of a suite this configuration offers
    const suite = byCode(cs.suites, s.suite);
    const now = cfg.clock.now();
    // the ticket's age in seconds: -1 when either time is unknown (negative), which passes the
    // lifetime test and is sent as 0, like an age below 0 (a clock behind the server's)
    const age = now < 0 || s.issued < 0 ? -1 : now - s.issued;
    if (suite && age <= s.lifetime) {
      return {
        identity: s.ticket, key: s.secret, hash: suiteHash(c.p, suite), suite: suite,
        obfAge: ((age > 0 ? Math.round(age * 1000) : 0) + s.ageAdd) % 4294967296, maxEarly: s.maxEarlyData,
      };
    }
  }
  const e = cfg.psk;
  return e ? {
    identity: e.identity, key: e.key, hash: e.hash === 'sha384' ? c.p.sha384 : c.p.sha256, suite: null, obfAge: 0, maxEarly: 0,
  } : null;
}

function writeClientHello(c: Conn, cs: ClientState): Uint8Array {
  const cfg = c.cfg;
  const adv = (boardHas('advertise') && cfg.advertise) || {};
  const t12 = boardHas('tls12') && cs.offer12;
  const w = startMessage(HS_CLIENT_HELLO, 512);
  cs.offered = [];
  put16(w, 0x0303);
  putBytes(w, c.cRandom);
  putVec(w, 1, cs.sid);
  const sc = codes(cs.suites);
  put16s(w, t12 ? sc.concat(codes(configSuites12(cfg.suites))) : sc);
  // compression methods: null only
  put16(w, 0x0100);
  const exts = open(w, 2);
  // ext(type) closes the extension before it and opens this one (noted as offered); ext(-1)
  // closes the last
  let at = -1;
  function ext(type: number): void {
    if (at >= 0) close(w, at, 2);
    at = -1;
    if (type >= 0) {
      cs.offered.push(type);
      at = putExt(w, type);
    }
  }
  let l: number;
  const name = cfg.serverName;
  if (name && !isIpLiteral(name)) {
    ext(EXT_SERVER_NAME);
    // server_name_list: one host_name entry (type 0, then the name behind 2 bytes of length)
    put16(w, name.length + 3);
    put8(w, 0);
    putText(w, name, 2);
  }
  if (boardHas('advertise') && adv.renegotiationInfo) {
    ext(EXT_RENEGOTIATION_INFO);
    put8(w, 0);
  }
  const alpn = cfg.alpn || [];
  if (alpn.length > 0) {
    ext(EXT_ALPN);
    l = open(w, 2);
    for (let i = 0; i < alpn.length; i++) {
      if (alpn[i].length < 1) throw tlsError(INTERNAL_ERROR, 'empty ALPN name');
      putText(w, alpn[i], 1);
    }
    close(w, l, 2);
  }
  ext(EXT_SUPPORTED_GROUPS);
  put16s(w, boardHas('advertise') && adv.groups || codes(cs.groups));
  if (boardHas('advertise') && adv.sessionTicket) ext(EXT_SESSION_TICKET);
  ext(EXT_KEY_SHARE);
  l = open(w, 2);
  for (let i = 0; i < cs.kps.length; i++) {
    put16(w, cs.kps[i].code);
    putVec(w, 2, cs.kps[i].pub);
  }
  close(w, l, 2);
  const psk = cs.psk;
  if (boardHas('early-data') && !cs.hrr && cs.early && psk && psk.maxEarly > 0) ext(EXT_EARLY_DATA);
  ext(EXT_SUPPORTED_VERSIONS);
  put8(w, t12 ? 4 : 2);
  put16(w, 0x0304);
  if (t12) put16(w, 0x0303);
  if (t12 && !cs.hrr) {
    ext(-1);
    putHelloExtensions12(w, null);
  }
  ext(EXT_SIGNATURE_ALGORITHMS);
  put16s(w, boardHas('advertise') && adv.signatureSchemes || schemeCodes().concat(CERT_ONLY_SCHEMES));
  if (cs.cookie) {
    ext(EXT_COOKIE);
    putVec(w, 2, cs.cookie);
  }
  ext(EXT_PSK_KEY_EXCHANGE_MODES);
  putVec(w, 1, new Uint8Array(cs.modes));
  ext(EXT_RECORD_SIZE_LIMIT);
  put16(w, c.ownLimit + 1);
  // max_fragment_length (RFC 6066 section 4) for the sizes it can say
  cs.mfl = mflCode(c.ownLimit);
  if (cs.mfl > 0) {
    ext(EXT_MAX_FRAGMENT_LENGTH);
    put8(w, cs.mfl);
  }
  ext(-1);
  // pad a ClientHello of 256..511 bytes to 512 (RFC 7685; some middleboxes hang on those sizes)
  const hl = psk ? psk.hash.outputLen : 0;
  const total = w.pos + (psk ? 15 + psk.identity.length + hl : 0);
  if (total >= 256 && total < 512) {
    const pad = 512 - total;
    ext(EXT_PADDING);
    putBytes(w, new Uint8Array(pad >= 5 ? pad - 4 : 1));
  }
  if (psk) {
    ext(EXT_PRE_SHARED_KEY);
    l = open(w, 2);
    putVec(w, 2, psk.identity);
    put32(w, psk.obfAge);
    close(w, l, 2);
    // the binder, zeros until it is computed below
    put16(w, hl + 1);
    putVec(w, 1, new Uint8Array(hl));
  }
  ext(-1);
  close(w, exts, 2);
  const msg = endMessage(w);
  if (psk) {
    // the binder covers the ClientHello up to the binders (section 4.2.11.2), after any
    // HelloRetryRequest transcript
    const h = psk.hash;
    const t = cs.hrr && c.trans ? c.trans.copy() : h.create();
    const th = t.update(msg.subarray(0, msg.length - hl - 3)).digest();
    msg.set(finishedMac(h, binderKey(h, earlySecret(h, psk.key), !psk.suite), th), msg.length - hl);
  }
  return msg;
}

/** The first ClientHello, or the second one after a HelloRetryRequest (then in the transcript). */
function sendHello(c: Conn, cs: ClientState): Uint8Array {
  const ch = writeClientHello(c, cs);
  if (cs.hrr) addTranscript(c, ch);
  sendHandshake(c, ch, cs.hrr ? 0x0303 : 0x0301);
  step(c, 'client hello', 'sent', ch.length);
  return ch;
}

export function clientStart(c: Conn): void {
  const cfg = c.cfg;
  const v = cfg.versions;
  refuseMissing(c);
  const offer12 = boardHas('tls12') && versionEnabled(v, 'TLSv1.2') && configSuites12(cfg.suites).length > 0;
  if (offer12 && (!versionEnabled(v, 'TLSv1.3') || configSuites(c).length === 0 || (cfg.session && cfg.session.version === 0x0303))) {
    // TLS 1.2 only, or resuming a TLS 1.2 session
    client12Start(c);
    return;
  }
  if (!versionEnabled(v, 'TLSv1.3')) throw tlsError(INTERNAL_ERROR, 'TLS 1.3 not enabled');
  // the fields the handshake sets before it reads them (the ClientHello, secrets, the offered
  // extensions) or only tests for being set (hrr, pskOk, cookie, crCtx, ...) start unset
  const cs = {
    want: HS_SERVER_HELLO, suites: configSuites(c), groups: configGroups(c, false), kps: [] as KeyPair[],
    sid: new Uint8Array(cfg.compatibilityMode === false ? 0 : 32), modes: configModes(c),
  } as ClientState;
  if (boardHas('tls12')) cs.offer12 = offer12;
  if (boardHas('early-data')) cs.early = cfg.earlyData || null;
  c.role = cs;
  c.onMsg = clientHandshake;
  random(c, c.cRandom);
  if (cs.sid.length > 0) random(c, cs.sid);
  cs.psk = choosePsk(c, cs);
  // psk_ke alone: no key share (a slow device resumes without public-key work)
  if (!cs.psk || cs.modes.join() !== '0') {
    cs.kps.push(generateKeyPair(c, cs.groups[0]));
  }
  cs.ch = sendHello(c, cs);
  c.ccsOk = true;
  if (boardHas('early-data') && cs.early) sendEarly(c, cs, cs.ch);
}

function onServerHello(c: Conn, cs: ClientState, msg: Uint8Array): void {
  const W = 'ServerHello';
  const r = body(msg);
  const legacy = u16(r, W);
  const rnd = bytes(r, 32, W);
  const sid = vec(r, 1, 0, 32, W);
  const code = u16(r, W);
  const comp = u8(r, W);
  const ex = lastExts(r, W, 0, 65535);
  const sv = findExt(ex, EXT_SUPPORTED_VERSIONS);
  if (boardHas('tls12') && !sv && cs.offer12 && !cs.hrr) {
    client12FromHello(c, cs.ch, cs.sid, msg);
    return;
  }
  if (!sv) {
    if (latin1(rnd.subarray(24, 31)) === 'DOWNGRD' && rnd[31] < 2) throw illegal('downgrade sentinel');
  } else if (sv.length !== 2 || ((sv[0] << 8) | sv[1]) !== 0x0304) throw notOffered('version');
  if (!sv || legacy !== 0x0303) throw tlsError(PROTOCOL_VERSION, 'server chose version ' + legacy.toString(16));
  if (!sameBytes(sid, cs.sid)) throw illegal('legacy_session_id_echo differs');
  const suite = byCode(cs.suites, code);
  if (!suite) throw notOffered('cipher suite ' + code);
  if (comp !== 0) throw illegal('compression method ' + comp);
  const h = suiteHash(c.p, suite);
  const prev = c.suite;
  c.suite = suite;
  c.hash = h;
  if (sameBytes(rnd, HRR_RANDOM)) {
    onHelloRetry(c, cs, msg, h, ex);
    return;
  }
  // what a ServerHello may carry (section 4.2), and only what was offered
  onlyExts(ex, [EXT_KEY_SHARE, EXT_PRE_SHARED_KEY, EXT_SUPPORTED_VERSIONS], W, cs.offered);
  if (cs.hrr && prev !== suite) throw illegal('suite differs from HelloRetryRequest');
  let psk: Uint8Array | null = null;
  const pskExt = findExt(ex, EXT_PRE_SHARED_KEY);
  const p = cs.psk;
  if (pskExt && p) {
    const sel = extNum(pskExt, 'pre_shared_key', false);
    if (sel !== 0) throw notOffered('selected_identity ' + sel);
    if (p.hash !== h) throw illegal('PSK hash differs from the suite\'s');
    psk = p.key;
    cs.pskOk = true;
    c.resumed = true;
  }
  const ks = findExt(ex, EXT_KEY_SHARE);
  let shared: Uint8Array | null = null;
  if (ks) {
    const kr = readAll(ks);
    const g = u16(kr, KEY_SHARE);
    const pub = vec(kr, 2, 1, 65535, KEY_SHARE);
    expectEnd(kr, KEY_SHARE);
    const kp = byCode(cs.kps, g);
    if (!kp) throw notOffered('key share group ' + g);
    shared = sharedSecret(c.p, kp, pub);
    c.group = kp.group.name;
  } else if (!psk || cs.modes.indexOf(0) < 0) {
    throw tlsError(MISSING_EXTENSION, 'key_share');
  }
  if (!cs.hrr) {
    c.trans = h.create();
    addTranscript(c, cs.ch);
  }
  received(c, 'server hello', msg);
  const hs = nextSecret(h, earlySecret(h, psk), shared);
  cs.hsSec = hs;
  const t = trafficSecrets(c, h, hs, 'hs', 'HANDSHAKE_TRAFFIC_SECRET', transcriptHash(c));
  cs.cHs = t[0];
  cs.sHs = t[1];
  step(c, 'handshake keys', 'local', 0);
  setReadKeys(c, cs.sHs);
  cs.want = HS_ENCRYPTED_EXTENSIONS;
}

function onHelloRetry(c: Conn, cs: ClientState, msg: Uint8Array, h: HashAlgorithm, ex: Extensions): void {
  const W = 'HelloRetryRequest';
  if (cs.hrr) throw tlsError(UNEXPECTED_MESSAGE, 'second ' + W);
  onlyExts(ex, [EXT_KEY_SHARE, EXT_COOKIE, EXT_SUPPORTED_VERSIONS], W, null);
  cs.hrr = true;
  step(c, 'hello retry request', 'received', msg.length);
  const ks = findExt(ex, EXT_KEY_SHARE);
  const ck = findExt(ex, EXT_COOKIE);
  if (!ks && !ck) throw illegal(W + ' that changes nothing');
  if (ks) {
    const g = byCode(cs.groups, extNum(ks, KEY_SHARE, false));
    if (!g) throw notOffered(W + ' group');
    if (byCode(cs.kps, g.code)) throw illegal(W + ' group already shared');
    cs.kps = [generateKeyPair(c, g)];
  }
  if (ck) {
    const cr = readAll(ck);
    cs.cookie = copyBytes(vec(cr, 2, 1, 65535, COOKIE));
    expectEnd(cr, COOKIE);
  }
  // the transcript restarts with message_hash(ClientHello1) (section 4.4.1)
  const d = h.create().update(cs.ch).digest();
  c.trans = h.create().update(new Uint8Array([HS_MESSAGE_HASH, 0, 0, d.length])).update(d).update(msg);
  if (cs.psk && cs.psk.hash !== h) cs.psk = null;
  if (boardHas('early-data')) {
    // early data was refused with the retry: back to plaintext until the handshake keys
    if (cs.earlySent) c.wk = null;
    else cs.early = null;
  }
  if (cs.sid.length > 0) sendCcs(c);
  // (want stays HS_SERVER_HELLO)
  sendHello(c, cs);
}

function onEncryptedExtensions(c: Conn, cs: ClientState, msg: Uint8Array): void {
  const W = 'EncryptedExtensions';
  const r = body(msg);
  const ex = lastExts(r, W, 0, 65535);
  // what EncryptedExtensions may carry, and only what was offered
  onlyExts(ex, [EXT_SERVER_NAME, EXT_MAX_FRAGMENT_LENGTH, EXT_SUPPORTED_GROUPS, EXT_ALPN, EXT_RECORD_SIZE_LIMIT,
    EXT_EARLY_DATA], W, cs.offered);
  const sni = findExt(ex, EXT_SERVER_NAME);
  if (sni) {
    if (sni.length !== 0) throw tlsError(DECODE_ERROR, 'server_name answer not empty');
    c.serverName = c.cfg.serverName || null;
  }
  const alpn = findExt(ex, EXT_ALPN);
  if (alpn) c.alpn = alpnAnswer(alpn, c.cfg.alpn as string[]);
  const rsl = findExt(ex, EXT_RECORD_SIZE_LIMIT);
  if (rsl) {
    const lim = recordSizeLimit(rsl);
    c.peerLimit = lim - 1 > 16384 ? 16384 : lim - 1;
    if (c.peerLimit < c.sendLimit) c.sendLimit = c.peerLimit;
  }
  const mfl = findExt(ex, EXT_MAX_FRAGMENT_LENGTH);
  if (mfl && (rsl || mfl.length !== 1 || mfl[0] !== cs.mfl)) {
    throw illegal(rsl ? 'record_size_limit and max_fragment_length' : 'max_fragment_length differs');
  }
  if (boardHas('early-data')) {
    const ed = findExt(ex, EXT_EARLY_DATA);
    if (ed) earlyAccepted(c, cs, ed);
  }
  received(c, 'encrypted extensions', msg);
  cs.want = cs.pskOk ? HS_FINISHED : HS_CERTIFICATE_REQUEST;
}

function onCertificateRequest(c: Conn, cs: ClientState, msg: Uint8Array): void {
  const W = 'CertificateRequest';
  const r = body(msg);
  const ctx = vec(r, 1, 0, 255, W);
  const ex = lastExts(r, W, 2, 65535);
  noContext(ctx);
  const sa = findExt(ex, EXT_SIGNATURE_ALGORITHMS);
  if (!sa) throw tlsError(MISSING_EXTENSION, 'signature_algorithms');
  const schemes = vec(readAll(sa), 2, 2, 65534, 'signature_algorithms');
  if (boardHas('client-auth')) cs.crSchemes = copyBytes(schemes);
  cs.crCtx = copyBytes(ctx);
  received(c, 'certificate request', msg);
  cs.want = HS_CERTIFICATE;
}

function onCertificate(c: Conn, cs: ClientState, msg: Uint8Array): void {
  const cm = parseCertificateMsg(msg);
  noContext(cm.context);
  if (cm.chain.length === 0) throw tlsError(DECODE_ERROR, 'empty Certificate');
  received(c, 'certificate', msg);
  c.peerChain = cm.chain;
  c.peerKey = checkPeerChain(c, cm.chain);
  step(c, 'certificate check', 'local', 0);
  cs.want = HS_CERTIFICATE_VERIFY;
}

function onServerFinished(c: Conn, cs: ClientState, msg: Uint8Array): void {
  const h = c.hash as HashAlgorithm;
  checkFinished(c, msg, cs.sHs);
  const master = nextSecret(h, cs.hsSec, null);
  c.masterSecret = master;
  const th = transcriptHash(c);
  const t = trafficSecrets(c, h, master, 'ap', 'TRAFFIC_SECRET_0', th);
  c.cAp = t[0];
  c.sAp = t[1];
  if (boardHas('keylog')) keylog(c, 'EXPORTER_SECRET', deriveSecret(h, master, 'exp master', th));
  setReadKeys(c, c.sAp);
  if (boardHas('early-data') && c.earlyOk) endEarly(c, cs, false);
  else if (cs.sid.length > 0) sendCcs(c);
  setWriteKeys(c, cs.cHs);
  if (cs.crCtx) {
    // without client certificates in the build, the answer is an empty Certificate (4.4.2):
    // its context is empty too (noContext), so the message is constant
    if (boardHas('client-auth')) sendClientAuth(c, cs.crCtx, cs.crSchemes);
    else sendMessage(c, 'certificate', new Uint8Array([HS_CERTIFICATE, 0, 0, 4, 0, 0, 0, 0]));
  }
  sendFinished(c, cs.cHs);
  c.resMaster = deriveSecret(h, master, 'res master', transcriptHash(c));
  setWriteKeys(c, c.cAp);
  c.hsDone = true;
  c.state = 'open';
  c.canRead = true;
  c.canWrite = true;
  c.ccsOk = false;
  cs.want = 0;
  step(c, 'connected', 'local', 0);
  // the server refused the early data: it goes again as ordinary data
  if (boardHas('early-data') && cs.earlySent) endEarly(c, cs, true);
}

function onNewSessionTicket(c: Conn, msg: Uint8Array): void {
  const W = 'NewSessionTicket';
  const r = body(msg);
  const lifetime = u32(r, W);
  const ageAdd = u32(r, W);
  const nonce = vec(r, 1, 0, 255, W);
  const ticket = vec(r, 2, 1, 65535, W);
  const ex = lastExts(r, W, 0, 65534);
  if (lifetime > 604800) throw illegal('ticket lifetime over 7 days');
  const ed = findExt(ex, EXT_EARLY_DATA);
  const maxEarly = ed ? extNum(ed, 'early_data', true) : 0;
  step(c, 'new session ticket', 'received', msg.length);
  const s: SessionState = {
    version: 0x0304, suite: (c.suite as Suite).code, ticket: copyBytes(ticket),
    secret: resumptionPsk(c.hash as HashAlgorithm, c.resMaster as Uint8Array, nonce), ageAdd: ageAdd,
    lifetime: lifetime, issued: c.cfg.clock.now(), maxEarlyData: maxEarly, alpn: c.alpn,
    serverName: c.cfg.serverName || null,
  };
  if (lifetime > 0) c.saved = s;
}

function clientHandshake(c: Conn, type: number, msg: Uint8Array): void {
  const cs = c.role as ClientState;
  const ex = cs.want;
  if (ex === 0) {
    if (type === HS_NEW_SESSION_TICKET) onNewSessionTicket(c, msg);
    else if (type === HS_KEY_UPDATE) handleKeyUpdate(c, msg);
    else throw unexpected('post-handshake message', type);
    return;
  }
  if (type !== ex && !(ex === HS_CERTIFICATE_REQUEST && type === HS_CERTIFICATE)) throw unexpected('message ' + ex, type);
  if (type === HS_SERVER_HELLO) onServerHello(c, cs, msg);
  else if (type === HS_ENCRYPTED_EXTENSIONS) onEncryptedExtensions(c, cs, msg);
  else if (type === HS_CERTIFICATE_REQUEST) onCertificateRequest(c, cs, msg);
  else if (type === HS_CERTIFICATE) onCertificate(c, cs, msg);
  else if (type === HS_CERTIFICATE_VERIFY) {
    const adv = boardHas('advertise') && c.cfg.advertise;
    checkCertificateVerify(c, msg, c.peerKey as NonNullable<typeof c.peerKey>, adv && adv.signatureSchemes || schemeCodes());
    cs.want = HS_FINISHED;
  } else onServerFinished(c, cs, msg);
}
