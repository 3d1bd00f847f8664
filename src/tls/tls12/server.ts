// The TLS 1.2 server (RFC 5246 section 7.3): reads the ClientHello, resumes a session (ticket,
// RFC 5077, or session ID) when it can, else picks a suite its key can serve and sends
// Certificate, ServerKeyExchange (ECDHE, signed), an optional CertificateRequest and
// ServerHelloDone; then takes the client's flight (Certificate, ClientKeyExchange with the RSA
// premaster decrypted without a padding oracle, CertificateVerify, Finished) and finishes.
import type { Conn } from '../conn';
import type { Group } from '../suites';
import type { KeyPair } from '../keyshare';
import type { Suite12 } from './suites';
import type { Hs12, Session12 } from './common';
import { put8, put16, putBytes, open, close, reader, u16, vec, sub, left, expectEnd, bytes, copyBytes } from '../codec';
import { step, random, HS_CLIENT_HELLO, HS_SERVER_HELLO, HS_CERTIFICATE, HS_CERTIFICATE_REQUEST,
  HS_CERTIFICATE_VERIFY, HS_FINISHED } from '../conn';
import { startMessage, endMessage, body, checkPeerChain } from '../common';
import { parseExtensions, findExt, helloServerName, chooseAlpn, recordSizeLimit, EXT_SERVER_NAME, EXT_MAX_FRAGMENT_LENGTH, EXT_SUPPORTED_GROUPS,
  EXT_SIGNATURE_ALGORITHMS, EXT_ALPN, EXT_RECORD_SIZE_LIMIT, EXT_SESSION_TICKET, EXT_RENEGOTIATION_INFO } from '../extensions';
import { configGroups } from '../suites';
import { generateKeyPair, sharedSecret } from '../keyshare';
import { tlsError, ILLEGAL_PARAMETER, PROTOCOL_VERSION, HANDSHAKE_FAILURE, DECODE_ERROR, DECRYPT_ERROR,
  CERTIFICATE_REQUIRED, UNEXPECTED_MESSAGE, INAPPROPRIATE_FALLBACK } from '../alerts';
import { suite12ByCode, prfHash } from './suites';
import { configSuites12 } from '../versions';
import { masterSecret } from './keyschedule';
import { addMsg, hashMsgs, allMsgs, send12, received12, certificateMsg, parseCertificate12, chooseScheme12, sign12,
  verify12, putSchemes, prepareKeys, sendCcs12, expectCcs, sendFinished12, checkFinished12, sessionKeysDone,
  afterHandshake, encodeSession12, decodeSession12, DOWNGRADE12, HS_SERVER_KEY_EXCHANGE, HS_SERVER_HELLO_DONE,
  HS_CLIENT_KEY_EXCHANGE, HS_NEW_SESSION_TICKET, EXT_EC_POINT_FORMATS, EXT_EXTENDED_MASTER_SECRET } from './common';

interface Server12 extends Hs12 {
  expect: string;
  clientVersion: number;
  sessionId: Uint8Array;
  ticketOk: boolean;
  resumed: boolean;
  kp: KeyPair | null;
  certRequested: boolean;
  sni: string;
}

function has16(list: Uint8Array, v: number): boolean {
  for (let i = 0; i + 1 < list.length; i += 2) if (((list[i] << 8) | list[i + 1]) === v) return true;
  return false;
}

/** Whether the server's key can serve a suite's key exchange. */
function keyFits(c: Conn, s: Suite12): boolean {
  const key = c.cfg.privateKey;
  if (!key || !c.cfg.certChain || c.cfg.certChain.length === 0) return false;
  if (s.kx === 'ecdhe_ecdsa') return key.kind === 'p256' || key.kind === 'ed25519';
  return key.kind === 'rsa';
}

function redeem(c: Conn, id: Uint8Array): Session12 | null {
  const store = c.cfg.ticketStore;
  if (!store || id.length === 0) return null;
  const raw = store.redeem(id);
  const s = raw === null ? null : decodeSession12(raw);
  if (s === null) return null;
  const life = c.cfg.ticketLifetime === undefined ? 7200 : c.cfg.ticketLifetime;
  const now = c.cfg.clock.now();
  if (now >= 0 && s.issuedMs >= 0 && now * 1000 - s.issuedMs > life * 1000) return null;
  return s;
}

/** A ClientHello that settles on TLS 1.2 (../server.ts hands it over); `tls13` says whether this
 * server also speaks TLS 1.3 (its random then carries the downgrade sentinel). */
export function server12Hello(c: Conn, msg: Uint8Array, tls13: boolean): void {
  const suites = configSuites12(c.cfg.suites);
  const ss: Server12 = {
    msgs: [], suite: suites.length > 0 ? suites[0] : (suite12ByCode(0xc02f) as Suite12), h: c.p.sha256,
    serverRandom: new Uint8Array(32), master: null, ems: false, nextRead: null, nextWrite: null, expect: 'ClientHello',
    clientVersion: 0, sessionId: new Uint8Array(0), ticketOk: false, resumed: false, kp: null, certRequested: false,
    sni: '',
  };
  c.role = ss;
  c.version = 0x0303;
  c.ccsOk = false;
  c.onMsg = server12Handshake;
  if (suites.length === 0) throw tlsError(PROTOCOL_VERSION, 'client offers only TLS 1.2 and no TLS 1.2 suite is enabled');
  onClientHello(c, ss, msg, suites, tls13);
}

function onClientHello(c: Conn, ss: Server12, msg: Uint8Array, suites: Suite12[], tls13: boolean): void {
  const r = body(msg);
  const cv = u16(r, 'ClientHello version');
  const rnd = bytes(r, 32, 'ClientHello random');
  const sid = vec(r, 1, 0, 32, 'session_id');
  const suitesV = vec(r, 2, 2, 65534, 'cipher_suites');
  const comp = vec(r, 1, 1, 255, 'compression methods');
  const ex = parseExtensions(left(r) > 0 ? sub(r, 2, 0, 65535, 'ClientHello extensions') : reader(msg, 0, 0), 'ClientHello');
  expectEnd(r, 'ClientHello');
  if (cv < 0x0303) throw tlsError(PROTOCOL_VERSION, 'client offers version ' + cv.toString(16) + ': TLS 1.2 is the oldest enabled');
  let nullComp = false;
  for (let i = 0; i < comp.length; i++) if (comp[i] === 0) nullComp = true;
  if (!nullComp) throw tlsError(ILLEGAL_PARAMETER, 'no null compression method');
  // TLS_FALLBACK_SCSV (RFC 7507): a client retrying with a lower version than it could have had
  if (tls13 && has16(suitesV, 0x5600)) throw tlsError(INAPPROPRIATE_FALLBACK, 'TLS_FALLBACK_SCSV while TLS 1.3 is enabled');
  ss.clientVersion = cv;
  c.cRandom = copyBytes(rnd);
  addMsg(ss, msg);
  step(c, 'client hello', 'received', msg.length);
  // renegotiation_info or the SCSV (RFC 5746): this first handshake's must be empty
  const ri = findExt(ex, EXT_RENEGOTIATION_INFO);
  if (ri !== null && (ri.length !== 1 || ri[0] !== 0)) throw tlsError(HANDSHAKE_FAILURE, 'renegotiation_info is not empty');
  const secureReneg = ri !== null || has16(suitesV, 0x00ff);
  const emsExt = findExt(ex, EXT_EXTENDED_MASTER_SECRET);
  if (emsExt !== null && emsExt.length !== 0) throw tlsError(DECODE_ERROR, 'extended_master_secret with a body');
  ss.ems = emsExt !== null;
  // server_name
  const sniExt = findExt(ex, EXT_SERVER_NAME);
  if (sniExt !== null) {
    ss.sni = helloServerName(sniExt);
    c.serverName = ss.sni || null;
  }
  // ALPN: the server's preference among the client's
  let alpn: string | null = null;
  const alpnExt = findExt(ex, EXT_ALPN);
  if (alpnExt !== null && c.cfg.alpn && c.cfg.alpn.length > 0) alpn = chooseAlpn(alpnExt, c.cfg.alpn);
  c.alpn = alpn;
  // record sizes: record_size_limit before max_fragment_length (RFC 8449 section 5)
  const rslExt = findExt(ex, EXT_RECORD_SIZE_LIMIT);
  let rsl = false;
  let mfl = 0;
  if (rslExt !== null) {
    const lim = recordSizeLimit(rslExt);
    c.peerLimit = lim > 16384 ? 16384 : lim;
    rsl = true;
  } else {
    const mf = findExt(ex, EXT_MAX_FRAGMENT_LENGTH);
    if (mf !== null) {
      if (mf.length !== 1 || mf[0] < 1 || mf[0] > 4) throw tlsError(ILLEGAL_PARAMETER, 'max_fragment_length value');
      mfl = mf[0];
      c.peerLimit = 256 << mfl;
    }
  }
  if (c.peerLimit < c.sendLimit) c.sendLimit = c.peerLimit;
  const tk = findExt(ex, EXT_SESSION_TICKET);
  ss.ticketOk = tk !== null && !!c.cfg.ticketStore;
  // resumption: a ticket first, then the session ID; only extended-master-secret sessions
  let sess: Session12 | null = null;
  if (tk !== null && tk.length > 0) sess = redeem(c, tk);
  if (sess === null && (tk === null || tk.length === 0)) sess = redeem(c, sid);
  if (sess !== null) {
    let ok = sess.ems && ss.ems && has16(suitesV, sess.suite) && (alpn || '') === sess.alpn;
    let inConfig = false;
    for (let i = 0; i < suites.length; i++) if (suites[i].code === sess.suite) inConfig = true;
    ok = ok && inConfig;
    if (!ok) sess = null;
  }
  let suite: Suite12 | null = null;
  let scheme = -1;
  let group: Group | null = null;
  let sigs: Uint8Array | null = null;
  const saExt = findExt(ex, EXT_SIGNATURE_ALGORITHMS);
  if (saExt !== null) {
    const sr = reader(saExt, 0, saExt.length);
    sigs = vec(sr, 2, 2, 65534, 'signature_algorithms');
    expectEnd(sr, 'signature_algorithms');
  }
  if (sess !== null) {
    suite = suite12ByCode(sess.suite);
  } else {
    let clientGroups: Uint8Array | null = null;
    const sg = findExt(ex, EXT_SUPPORTED_GROUPS);
    if (sg !== null) {
      const gr = reader(sg, 0, sg.length);
      clientGroups = vec(gr, 2, 2, 65534, 'supported_groups');
      expectEnd(gr, 'supported_groups');
    }
    const pf = findExt(ex, EXT_EC_POINT_FORMATS);
    let uncompressed = true;
    if (pf !== null) {
      const pr = reader(pf, 0, pf.length);
      const formats = vec(pr, 1, 1, 255, 'ec_point_formats');
      uncompressed = false;
      for (let i = 0; i < formats.length; i++) if (formats[i] === 0) uncompressed = true;
    }
    const groups = configGroups(c, true);
    for (let i = 0; i < groups.length && group === null; i++) {
      if (clientGroups === null ? groups[i].code === 0x0017 : has16(clientGroups, groups[i].code)) group = groups[i];
    }
    const key = c.cfg.privateKey;
    for (let i = 0; i < suites.length && suite === null; i++) {
      const s = suites[i];
      if (!has16(suitesV, s.code) || !keyFits(c, s)) continue;
      if (s.kx !== 'rsa') {
        if (group === null || !uncompressed || sigs === null || !key) continue;
        scheme = chooseScheme12(key, sigs);
        if (scheme < 0) continue;
      }
      suite = s;
    }
    if (suite === null) throw tlsError(HANDSHAKE_FAILURE, 'no common cipher suite');
  }
  const st = suite as Suite12;
  ss.suite = st;
  ss.h = prfHash(c.p, st);
  c.suite = { code: st.code, name: st.name, keyLen: st.keyLen, hash: st.hash };
  c.hash = ss.h;
  random(c, ss.serverRandom);
  if (tls13) for (let i = 0; i < 8; i++) ss.serverRandom[24 + i] = DOWNGRADE12[i];
  // the session ID: the client's when resuming, else a fresh one when sessions can be kept
  if (sess !== null) ss.sessionId = copyBytes(sid);
  else if (c.cfg.ticketStore && c.cfg.ticketStore.put) {
    ss.sessionId = new Uint8Array(32);
    random(c, ss.sessionId);
  }
  const w = startMessage(HS_SERVER_HELLO, 128);
  put16(w, 0x0303);
  putBytes(w, ss.serverRandom);
  put8(w, ss.sessionId.length);
  putBytes(w, ss.sessionId);
  put16(w, st.code);
  put8(w, 0);
  const exts = open(w, 2);
  if (secureReneg) {
    put16(w, EXT_RENEGOTIATION_INFO);
    put16(w, 1);
    put8(w, 0);
  }
  if (ss.ems) {
    put16(w, EXT_EXTENDED_MASTER_SECRET);
    put16(w, 0);
  }
  if (sess === null && ss.ticketOk) {
    put16(w, EXT_SESSION_TICKET);
    put16(w, 0);
  } else {
    ss.ticketOk = false;
  }
  if (sess === null && st.kx !== 'rsa' && findExt(ex, EXT_EC_POINT_FORMATS) !== null) {
    put16(w, EXT_EC_POINT_FORMATS);
    put16(w, 2);
    put8(w, 1);
    put8(w, 0);
  }
  if (sess === null && ss.sni !== '') {
    put16(w, EXT_SERVER_NAME);
    put16(w, 0);
  }
  if (alpn !== null) {
    put16(w, EXT_ALPN);
    const e = open(w, 2);
    const l = open(w, 2);
    put8(w, alpn.length);
    for (let i = 0; i < alpn.length; i++) put8(w, alpn.charCodeAt(i));
    close(w, l, 2);
    close(w, e, 2);
  }
  if (rsl) {
    put16(w, EXT_RECORD_SIZE_LIMIT);
    put16(w, 2);
    put16(w, c.ownLimit);
  } else if (mfl > 0) {
    put16(w, EXT_MAX_FRAGMENT_LENGTH);
    put16(w, 1);
    put8(w, mfl);
  }
  close(w, exts, 2);
  send12(c, ss, 'server hello', endMessage(w));
  if (sess !== null) {
    // the abbreviated handshake: the session's master secret, this side's Finished first
    ss.resumed = true;
    c.resumed = true;
    ss.master = sess.master;
    prepareKeys(c, ss);
    sendCcs12(c, ss);
    sendFinished12(c, ss);
    waitCcs(c, ss);
    return;
  }
  const chain = c.cfg.certChain as Uint8Array[];
  send12(c, ss, 'certificate', certificateMsg(chain));
  if (st.kx !== 'rsa') {
    const g = group as Group;
    ss.kp = generateKeyPair(c, g);
    c.group = g.name;
    const params = new Uint8Array(4 + ss.kp.pub.length);
    params[0] = 3;
    params[1] = g.code >> 8;
    params[2] = g.code & 255;
    params[3] = ss.kp.pub.length;
    params.set(ss.kp.pub, 4);
    const content = new Uint8Array(64 + params.length);
    content.set(c.cRandom, 0);
    content.set(ss.serverRandom, 32);
    content.set(params, 64);
    const sig = sign12(c, scheme, c.cfg.privateKey as NonNullable<typeof c.cfg.privateKey>, content);
    const kx = startMessage(HS_SERVER_KEY_EXCHANGE, 16 + params.length + sig.length);
    putBytes(kx, params);
    put16(kx, scheme);
    const l = open(kx, 2);
    putBytes(kx, sig);
    close(kx, l, 2);
    send12(c, ss, 'server key exchange', endMessage(kx));
  }
  if (c.cfg.requestClientCert || c.cfg.requireClientCert) {
    const cr = startMessage(HS_CERTIFICATE_REQUEST, 64);
    put8(cr, 2);
    put8(cr, 1);
    put8(cr, 64);
    putSchemes(cr);
    put16(cr, 0);
    send12(c, ss, 'certificate request', endMessage(cr));
    ss.certRequested = true;
  }
  send12(c, ss, 'server hello done', new Uint8Array([HS_SERVER_HELLO_DONE, 0, 0, 0]));
  ss.expect = ss.certRequested ? 'Certificate' : 'ClientKeyExchange';
}

function waitCcs(c: Conn, ss: Server12): void {
  ss.expect = 'ChangeCipherSpec';
  expectCcs(c, ss, function () { ss.expect = 'Finished'; });
}

function onClientCertificate(c: Conn, ss: Server12, msg: Uint8Array): void {
  const chain = parseCertificate12(msg);
  received12(c, ss, 'certificate', msg);
  if (chain.length === 0) {
    if (c.cfg.requireClientCert) throw tlsError(HANDSHAKE_FAILURE, 'client sent no certificate');
    ss.expect = 'ClientKeyExchange';
    return;
  }
  c.peerChain = chain;
  c.peerKey = checkPeerChain(c, chain);
  step(c, 'certificate check', 'local', 0);
  ss.expect = 'ClientKeyExchange';
}

function onClientKeyExchange(c: Conn, ss: Server12, msg: Uint8Array): void {
  const r = body(msg);
  let pms: Uint8Array;
  if (ss.suite.kx === 'rsa') {
    const enc = vec(r, 2, 0, 65535, 'EncryptedPreMasterSecret');
    expectEnd(r, 'ClientKeyExchange');
    const fallback = new Uint8Array(48);
    random(c, fallback);
    const key = c.cfg.privateKey as NonNullable<typeof c.cfg.privateKey>;
    // a bad padding, length or version gives a random premaster: the Finished fails later, the
    // same way whatever was wrong (RFC 5246 section 7.4.7.1)
    pms = c.p.rsaDecryptPremaster(key.rsa as NonNullable<typeof key.rsa>, enc, ss.clientVersion, fallback);
  } else {
    const pub = vec(r, 1, 1, 255, 'ECDH public key');
    expectEnd(r, 'ClientKeyExchange');
    pms = sharedSecret(c.p, ss.kp as KeyPair, pub);
  }
  received12(c, ss, 'client key exchange', msg);
  step(c, 'premaster secret', 'local', pms.length);
  ss.master = masterSecret(ss.h, pms, ss.ems, hashMsgs(ss, ss.h), c.cRandom, ss.serverRandom);
  prepareKeys(c, ss);
  if (c.peerKey !== null) ss.expect = 'CertificateVerify';
  else {
    if (ss.certRequested && c.cfg.requireClientCert) throw tlsError(CERTIFICATE_REQUIRED, 'client sent no certificate');
    waitCcs(c, ss);
  }
}

function onCertificateVerify(c: Conn, ss: Server12, msg: Uint8Array): void {
  const r = body(msg);
  const scheme = u16(r, 'signature scheme');
  const sig = vec(r, 2, 1, 65535, 'signature');
  expectEnd(r, 'CertificateVerify');
  if (!verify12(c, scheme, c.peerKey as NonNullable<typeof c.peerKey>, allMsgs(ss), sig)) {
    throw tlsError(DECRYPT_ERROR, 'CertificateVerify signature does not verify');
  }
  received12(c, ss, 'certificate verify', msg);
  waitCcs(c, ss);
}

function onFinished(c: Conn, ss: Server12, msg: Uint8Array): void {
  checkFinished12(c, ss, msg);
  if (!ss.resumed) {
    const state = encodeSession12({
      suite: ss.suite.code, master: ss.master as Uint8Array, ems: ss.ems, alpn: c.alpn || '', sni: ss.sni,
      issuedMs: c.cfg.clock.now() < 0 ? -1 : Math.round(c.cfg.clock.now() * 1000),
    });
    const store = c.cfg.ticketStore;
    if (store && ss.ems) {
      if (store.put && ss.sessionId.length > 0) store.put(ss.sessionId, state);
      if (ss.ticketOk) {
        const ticket = store.issue(state);
        const life = c.cfg.ticketLifetime === undefined ? 7200 : c.cfg.ticketLifetime;
        const w = startMessage(HS_NEW_SESSION_TICKET, 16 + ticket.length);
        put16(w, Math.floor(life / 65536));
        put16(w, life % 65536);
        const l = open(w, 2);
        putBytes(w, ticket);
        close(w, l, 2);
        send12(c, ss, 'new session ticket', endMessage(w));
      }
    } else if (ss.ticketOk) {
      // promised in the ServerHello: an empty ticket says there is none after all
      send12(c, ss, 'new session ticket', new Uint8Array([HS_NEW_SESSION_TICKET, 0, 0, 6, 0, 0, 0, 0, 0, 0]));
    }
    sendCcs12(c, ss);
    sendFinished12(c, ss);
  }
  ss.expect = 'Done';
  ss.msgs = [];
  sessionKeysDone(c);
}

function server12Handshake(c: Conn, type: number, msg: Uint8Array): void {
  const ss = c.role as Server12;
  const ex = ss.expect;
  if (ex === 'Done') afterHandshake(c, type, msg);
  else if (ex === 'Certificate' && type === HS_CERTIFICATE) onClientCertificate(c, ss, msg);
  else if (ex === 'ClientKeyExchange' && type === HS_CLIENT_KEY_EXCHANGE) onClientKeyExchange(c, ss, msg);
  else if (ex === 'CertificateVerify' && type === HS_CERTIFICATE_VERIFY) onCertificateVerify(c, ss, msg);
  else if (ex === 'Finished' && type === HS_FINISHED) onFinished(c, ss, msg);
  else if (type === HS_CLIENT_HELLO && ex !== 'ClientHello') throw tlsError(UNEXPECTED_MESSAGE, 'ClientHello during the handshake');
  else throw tlsError(UNEXPECTED_MESSAGE, 'handshake message ' + type + ' while expecting ' + ex);
}
