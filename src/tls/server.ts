// The TLS 1.3 server (RFC 8446 sections 4.1-4.6): reads the ClientHello, picks suite, group and
// PSK (ticket or external, binder checked), answers with a HelloRetryRequest when the client's
// shares miss, or with its flight (ServerHello ... Finished), then checks the client's flight
// (0-RTT data, EndOfEarlyData, client Certificate, CertificateVerify, Finished) and issues tickets.
import type { Conn } from './conn';
import type { KeyPair } from './keyshare';
import type { Suite, Group } from './suites';
import type { HashAlgorithm } from '../crypto/provider';
import type { Scheme } from './signature';
import type { TicketState } from './tickets';
import { put8, put16, put32, putBytes, open, close, reader, u16, u32, vec, sub, left, expectEnd, bytes,
  copyBytes, sameBytes, readAll } from './codec';
import { addTranscript, transcriptHash, sendHandshake, sendCcs, step, random, keylog, setReadKeys,
  setWriteKeys, HS_CLIENT_HELLO, HS_SERVER_HELLO, HS_ENCRYPTED_EXTENSIONS, HS_CERTIFICATE,
  HS_CERTIFICATE_REQUEST, HS_CERTIFICATE_VERIFY, HS_FINISHED, HS_NEW_SESSION_TICKET, HS_KEY_UPDATE,
  HS_END_OF_EARLY_DATA, HS_MESSAGE_HASH, received } from './conn';
import { startMessage, endMessage, body, sendMessage, sendCertificate, parseCertificateMsg, checkPeerChain,
  chooseScheme, sendCertificateVerify, checkCertificateVerify, sendFinished, checkFinished, schemeCodes,
  handleKeyUpdate, unexpected, HRR_RANDOM, refuseMissing } from './common';
import { parseExtensions, findExt, helloServerName, chooseAlpn, recordSizeLimit, EXT_SERVER_NAME, EXT_MAX_FRAGMENT_LENGTH, EXT_SUPPORTED_GROUPS,
  EXT_SIGNATURE_ALGORITHMS, EXT_ALPN, EXT_RECORD_SIZE_LIMIT, EXT_PRE_SHARED_KEY, EXT_EARLY_DATA,
  EXT_SUPPORTED_VERSIONS, EXT_COOKIE, EXT_PSK_KEY_EXCHANGE_MODES, EXT_KEY_SHARE } from './extensions';
import { suiteHash, suiteByCode, configSuites, configGroups } from './suites';
import { configSuites12, versionEnabled, helloVersions } from './versions';
import { server12Hello } from './tls12/server';
import { generateKeyPair, sharedSecret } from './keyshare';
import { earlySecret, nextSecret, deriveSecret, binderKey, finishedMac, resumptionPsk } from './keyschedule';
import { encodeTicketState, decodeTicketState } from './tickets';
import { tlsError, ILLEGAL_PARAMETER, PROTOCOL_VERSION, MISSING_EXTENSION, HANDSHAKE_FAILURE, DECODE_ERROR,
  DECRYPT_ERROR, CERTIFICATE_REQUIRED, INTERNAL_ERROR } from './alerts';

interface ServerState {
  expect: string;
  suites: Suite[];
  groups: Group[];
  modes: number[];
  hrr: boolean;
  hrrGroup: number;
  cookie: Uint8Array | null;
  ch1Random: Uint8Array | null;
  sessionId: Uint8Array;
  kp: KeyPair | null;
  early: Uint8Array | null;
  hsSec: Uint8Array | null;
  cHs: Uint8Array | null;
  sHs: Uint8Array | null;
  psk: Uint8Array | null;
  ticketsSent: number;
  certRequested: boolean;
  offeredEarly: boolean;
  earlyBytes: number;
}

function serverModes(c: Conn): number[] {
  const m = c.cfg.pskModes;
  if (!m) return [1, 0];
  const out: number[] = [];
  for (let i = 0; i < m.length; i++) out.push(m[i] === 'psk_ke' ? 0 : 1);
  return out;
}

export function serverStart(c: Conn): void {
  refuseMissing(c);
  const ss: ServerState = {
    expect: 'ClientHello', suites: configSuites(c), groups: configGroups(c, false), modes: serverModes(c),
    hrr: false, hrrGroup: 0, cookie: null, ch1Random: null, sessionId: new Uint8Array(0), kp: null, early: null,
    hsSec: null, cHs: null, sHs: null, psk: null, ticketsSent: 0, certRequested: false, offeredEarly: false,
    earlyBytes: 0,
  };
  c.role = ss;
  c.onMsg = serverHandshake;
  if (c.cfg.privateKey === undefined && !c.cfg.psk && (!c.cfg.certChain || c.cfg.certChain.length === 0)) {
    // still fine for PSK-only servers with tickets; refused later per ClientHello
  }
}

function has(list: number[], v: number): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] === v) return true;
  return false;
}

function u16List(b: Uint8Array | null): number[] {
  const out: number[] = [];
  if (b === null) return out;
  for (let i = 0; i + 1 < b.length; i += 2) out.push((b[i] << 8) | b[i + 1]);
  return out;
}

interface Share {
  group: number;
  pub: Uint8Array;
}

interface PskOffer {
  identities: Uint8Array[];
  ages: number[];
  binders: Uint8Array[];
  bindersLen: number;
}

function parsePskOffer(d: Uint8Array): PskOffer {
  const r = readAll(d);
  const ids = sub(r, 2, 7, 65535, 'PSK identities');
  const bs = sub(r, 2, 33, 65535, 'PSK binders');
  expectEnd(r, 'pre_shared_key');
  const o: PskOffer = { identities: [], ages: [], binders: [], bindersLen: bs.end - bs.pos + 2 };
  while (left(ids) > 0) {
    o.identities.push(vec(ids, 2, 1, 65535, 'PSK identity'));
    o.ages.push(u32(ids, 'obfuscated_ticket_age'));
  }
  while (left(bs) > 0) o.binders.push(vec(bs, 1, 32, 255, 'PSK binder'));
  if (o.identities.length !== o.binders.length) throw tlsError(ILLEGAL_PARAMETER, 'PSK identities and binders differ in number');
  return o;
}

function sendHelloRetry(c: Conn, ss: ServerState, msg: Uint8Array, suite: Suite, h: HashAlgorithm, group: Group): void {
  ss.hrr = true;
  ss.hrrGroup = group.code;
  const d = h.create().update(msg).digest();
  ss.cookie = c.cfg.hrrCookie || d;
  const w = startMessage(HS_SERVER_HELLO, 128);
  put16(w, 0x0303);
  putBytes(w, HRR_RANDOM);
  put8(w, ss.sessionId.length);
  putBytes(w, ss.sessionId);
  put16(w, suite.code);
  put8(w, 0);
  const ex = open(w, 2);
  put16(w, EXT_KEY_SHARE);
  put16(w, 2);
  put16(w, group.code);
  put16(w, EXT_COOKIE);
  const e = open(w, 2);
  const l = open(w, 2);
  putBytes(w, ss.cookie);
  close(w, l, 2);
  close(w, e, 2);
  put16(w, EXT_SUPPORTED_VERSIONS);
  put16(w, 2);
  put16(w, 0x0304);
  close(w, ex, 2);
  const hrr = endMessage(w);
  c.suite = suite;
  c.hash = h;
  c.trans = h.create();
  c.trans.update(new Uint8Array([HS_MESSAGE_HASH, 0, 0, d.length])).update(d);
  sendMessage(c, 'hello retry request', hrr);
  if (ss.sessionId.length > 0) sendCcs(c);
  ss.expect = 'ClientHello';
}

function findTicketPsk(c: Conn, ss: ServerState, o: PskOffer, h: HashAlgorithm, suite: Suite):
  { index: number; key: Uint8Array; external: boolean; ticket: TicketState | null } | null {
  for (let i = 0; i < o.identities.length; i++) {
    const id = o.identities[i];
    const e = c.cfg.psk;
    if (e && sameBytes(e.identity, id)) {
      if ((e.hash === 'sha384' ? 'sha384' : 'sha256') === h.name) return { index: i, key: e.key, external: true, ticket: null };
      continue;
    }
    const store = c.cfg.ticketStore;
    if (!store) continue;
    const raw = store.redeem(id);
    const t = raw === null ? null : decodeTicketState(raw);
    if (t === null) continue;
    const ts = suiteByCode(t.suite);
    if (ts === null || ts.hash !== suite.hash) continue;
    const now = c.cfg.clock.now();
    if (now >= 0 && t.issuedMs >= 0 && now * 1000 - t.issuedMs > t.lifetime * 1000) continue;
    return { index: i, key: t.psk, external: false, ticket: t };
  }
  return null;
}

function onClientHello(c: Conn, ss: ServerState, msg: Uint8Array): void {
  if (!ss.hrr) {
    // TLS 1.2 when the client offers no TLS 1.3 or this server has it off (tls12/server.ts)
    const offered = helloVersions(msg);
    const on13 = versionEnabled(c.cfg.versions, 'TLSv1.3') && ss.suites.length > 0;
    const on12 = versionEnabled(c.cfg.versions, 'TLSv1.2') && configSuites12(c.cfg.suites).length > 0;
    if (on12 && offered.v12 && (!offered.v13 || !on13)) {
      server12Hello(c, msg, on13);
      return;
    }
    if (!on13) throw tlsError(PROTOCOL_VERSION, 'client does not offer TLS 1.2, the only version enabled');
  }
  const r = body(msg);
  u16(r, 'ClientHello version');
  const rnd = bytes(r, 32, 'ClientHello random');
  const sid = vec(r, 1, 0, 32, 'legacy_session_id');
  const suitesV = vec(r, 2, 2, 65534, 'cipher_suites');
  const comp = vec(r, 1, 1, 255, 'compression methods');
  if (left(r) === 0) throw tlsError(PROTOCOL_VERSION, 'ClientHello without extensions: TLS 1.2 or older');
  const exR = sub(r, 2, 0, 65535, 'ClientHello extensions');
  const ex = parseExtensions(exR, 'ClientHello');
  expectEnd(r, 'ClientHello');
  if (ex.types.length > 0 && ex.types[ex.types.length - 1] !== EXT_PRE_SHARED_KEY && findExt(ex, EXT_PRE_SHARED_KEY) !== null) {
    throw tlsError(ILLEGAL_PARAMETER, 'pre_shared_key is not the last extension');
  }
  const sv = findExt(ex, EXT_SUPPORTED_VERSIONS);
  let v13 = false;
  if (sv !== null) {
    const vr = readAll(sv);
    const vs = vec(vr, 1, 2, 254, 'supported_versions');
    expectEnd(vr, 'supported_versions');
    v13 = has(u16List(vs), 0x0304);
  }
  if (!v13) throw tlsError(PROTOCOL_VERSION, 'client does not offer TLS 1.3, the only version enabled');
  if (comp.length !== 1 || comp[0] !== 0) throw tlsError(ILLEGAL_PARAMETER, 'compression methods other than null');
  if (ss.hrr) {
    if (!sameBytes(rnd, ss.ch1Random as Uint8Array)) throw tlsError(ILLEGAL_PARAMETER, 'second ClientHello with another random');
    if (findExt(ex, EXT_EARLY_DATA) !== null) throw tlsError(ILLEGAL_PARAMETER, 'early_data after a HelloRetryRequest');
    const ck = findExt(ex, EXT_COOKIE);
    if (ck === null || ck.length < 3 || !sameBytes(ck.subarray(2), ss.cookie as Uint8Array)) {
      throw tlsError(ILLEGAL_PARAMETER, 'second ClientHello does not echo the cookie');
    }
  } else {
    ss.ch1Random = copyBytes(rnd);
    c.cRandom = copyBytes(rnd);
    ss.sessionId = copyBytes(sid);
    c.ccsOk = true;
  }
  step(c, 'client hello', 'received', msg.length);
  // cipher suite: the server's preference
  const offered = u16List(suitesV);
  let suite: Suite | null = null;
  for (let i = 0; i < ss.suites.length && suite === null; i++) if (has(offered, ss.suites[i].code)) suite = ss.suites[i];
  if (suite === null) throw tlsError(HANDSHAKE_FAILURE, 'no common cipher suite');
  if (ss.hrr && (c.suite as Suite).code !== suite.code) throw tlsError(ILLEGAL_PARAMETER, 'second ClientHello changes the suite');
  const h = suiteHash(c.p, suite);
  // server_name
  const sni = findExt(ex, EXT_SERVER_NAME);
  let sniName: string | null = null;
  if (sni !== null) sniName = helloServerName(sni) || null;
  // ALPN: the server's preference among the client's
  let alpn: string | null = null;
  const alpnExt = findExt(ex, EXT_ALPN);
  if (alpnExt !== null && c.cfg.alpn && c.cfg.alpn.length > 0) alpn = chooseAlpn(alpnExt, c.cfg.alpn);
  // groups and key shares
  const sgExt = findExt(ex, EXT_SUPPORTED_GROUPS);
  let clientGroups: number[] = [];
  if (sgExt !== null) {
    const gr = readAll(sgExt);
    clientGroups = u16List(vec(gr, 2, 2, 65534, 'supported_groups'));
    expectEnd(gr, 'supported_groups');
  }
  const shares: Share[] = [];
  const ksExt = findExt(ex, EXT_KEY_SHARE);
  if ((ksExt === null) !== (sgExt === null)) {
    throw tlsError(MISSING_EXTENSION, 'key_share and supported_groups must come together');
  }
  if (ksExt !== null) {
    const kr = readAll(ksExt);
    const list = sub(kr, 2, 0, 65535, 'client_shares');
    expectEnd(kr, 'key_share');
    while (left(list) > 0) {
      const g = u16(list, 'key share group');
      const pub = vec(list, 2, 1, 65535, 'key_exchange');
      if (!has(clientGroups, g)) throw tlsError(ILLEGAL_PARAMETER, 'key share for group ' + g + ' not in supported_groups');
      for (let i = 0; i < shares.length; i++) if (shares[i].group === g) throw tlsError(ILLEGAL_PARAMETER, 'two key shares for group ' + g);
      shares.push({ group: g, pub: pub });
    }
  }
  if (ss.hrr && (shares.length !== 1 || shares[0].group !== ss.hrrGroup)) {
    throw tlsError(ILLEGAL_PARAMETER, 'second ClientHello without the requested key share');
  }
  // PSK
  const modesExt = findExt(ex, EXT_PSK_KEY_EXCHANGE_MODES);
  let clientModes: number[] = [];
  if (modesExt !== null) {
    const mr = readAll(modesExt);
    const mv = vec(mr, 1, 1, 255, 'psk_key_exchange_modes');
    expectEnd(mr, 'psk_key_exchange_modes');
    for (let i = 0; i < mv.length; i++) clientModes.push(mv[i]);
  }
  const pskExt = findExt(ex, EXT_PRE_SHARED_KEY);
  let chosen: ReturnType<typeof findTicketPsk> = null;
  let pskMode = -1;
  if (pskExt !== null) {
    if (modesExt === null) throw tlsError(MISSING_EXTENSION, 'pre_shared_key without psk_key_exchange_modes');
    const o = parsePskOffer(pskExt);
    if (has(clientModes, 1) && has(ss.modes, 1) && (shares.length > 0 || clientGroups.length > 0)) pskMode = 1;
    else if (has(clientModes, 0) && has(ss.modes, 0)) pskMode = 0;
    if (pskMode >= 0) chosen = findTicketPsk(c, ss, o, h, suite);
    if (chosen !== null) {
      // check the chosen binder over the ClientHello up to the binders
      const truncated = msg.subarray(0, msg.length - o.bindersLen);
      const t = ss.hrr ? (c.trans as NonNullable<typeof c.trans>).copy() : h.create();
      const th = t.update(truncated).digest();
      const es = earlySecret(h, chosen.key);
      const want = finishedMac(h, binderKey(h, es, chosen.external), th);
      if (!sameBytes(want, o.binders[chosen.index])) throw tlsError(DECRYPT_ERROR, 'PSK binder does not verify');
      step(c, 'psk binder', 'local', 0);
    }
  }
  // key exchange
  let kp: KeyPair | null = null;
  let selGroup: Group | null = null;
  let peerPub: Uint8Array | null = null;
  if (!(chosen !== null && pskMode === 0)) {
    for (let i = 0; i < ss.groups.length && selGroup === null; i++) {
      for (let k = 0; k < shares.length; k++) {
        if (shares[k].group === ss.groups[i].code) {
          selGroup = ss.groups[i];
          peerPub = shares[k].pub;
          break;
        }
      }
    }
    if (selGroup === null) {
      for (let i = 0; i < ss.groups.length; i++) {
        if (has(clientGroups, ss.groups[i].code) && !ss.hrr) {
          sendHelloRetry(c, ss, msg, suite, h, ss.groups[i]);
          return;
        }
      }
      throw tlsError(HANDSHAKE_FAILURE, 'no common group');
    }
  }
  // certificate authentication when no PSK
  let scheme: Scheme | null = null;
  if (chosen === null) {
    if (!c.cfg.certChain || c.cfg.certChain.length === 0 || !c.cfg.privateKey) {
      throw tlsError(HANDSHAKE_FAILURE, 'no PSK agreed and no certificate configured');
    }
    const sa = findExt(ex, EXT_SIGNATURE_ALGORITHMS);
    if (sa === null) throw tlsError(MISSING_EXTENSION, 'ClientHello without signature_algorithms');
    const sr = readAll(sa);
    const list = vec(sr, 2, 2, 65534, 'signature_algorithms');
    expectEnd(sr, 'signature_algorithms');
    scheme = chooseScheme(c, list);
    if (scheme === null) throw tlsError(HANDSHAKE_FAILURE, 'no common signature scheme for the server key');
  }
  // record size
  const rslExt = findExt(ex, EXT_RECORD_SIZE_LIMIT);
  let rsl = false;
  let mfl = 0;
  if (rslExt !== null) {
    const lim = recordSizeLimit(rslExt);
    c.peerLimit = lim - 1 > 16384 ? 16384 : lim - 1;
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
  // 0-RTT
  ss.offeredEarly = findExt(ex, EXT_EARLY_DATA) !== null;
  let acceptEarly = false;
  if (ss.offeredEarly && chosen !== null && chosen.index === 0 && chosen.ticket !== null && !ss.hrr) {
    const t = chosen.ticket;
    const o = parsePskOffer(pskExt as Uint8Array);
    const now = c.cfg.clock.now();
    const clientAge = (o.ages[0] - t.ageAdd + 4294967296) % 4294967296;
    const serverAge = now < 0 || t.issuedMs < 0 ? -1 : now * 1000 - t.issuedMs;
    const fresh = serverAge >= 0 && Math.abs(serverAge - clientAge) <= 10000;
    const store = c.cfg.ticketStore;
    if (t.maxEarly > 0 && t.suite === suite.code && (alpn || '') === t.alpn && fresh && store &&
      store.claimEarly(o.identities[0])) {
      acceptEarly = true;
    }
  }
  // ServerHello
  c.suite = suite;
  c.hash = h;
  if (!ss.hrr) c.trans = h.create();
  addTranscript(c, msg);
  c.alpn = alpn;
  c.serverName = sniName;
  const srv = new Uint8Array(32);
  random(c, srv);
  if (selGroup !== null) kp = generateKeyPair(c, selGroup);
  const w = startMessage(HS_SERVER_HELLO, 160);
  put16(w, 0x0303);
  putBytes(w, srv);
  put8(w, ss.sessionId.length);
  putBytes(w, ss.sessionId);
  put16(w, suite.code);
  put8(w, 0);
  const exts = open(w, 2);
  if (chosen !== null) {
    put16(w, EXT_PRE_SHARED_KEY);
    put16(w, 2);
    put16(w, chosen.index);
  }
  if (kp !== null) {
    put16(w, EXT_KEY_SHARE);
    const e = open(w, 2);
    put16(w, kp.group.code);
    const l = open(w, 2);
    putBytes(w, kp.pub);
    close(w, l, 2);
    close(w, e, 2);
  }
  put16(w, EXT_SUPPORTED_VERSIONS);
  put16(w, 2);
  put16(w, 0x0304);
  close(w, exts, 2);
  const sh = endMessage(w);
  const shared = kp !== null ? sharedSecret(c.p, kp, peerPub as Uint8Array) : null;
  if (kp !== null) c.group = kp.group.name;
  sendMessage(c, 'server hello', sh);
  if (ss.sessionId.length > 0) sendCcs(c);
  const psk = chosen !== null ? chosen.key : null;
  c.resumed = chosen !== null;
  const es = earlySecret(h, psk);
  const hs = nextSecret(h, es, shared);
  ss.hsSec = hs;
  const th = transcriptHash(c);
  ss.cHs = deriveSecret(h, hs, 'c hs traffic', th);
  ss.sHs = deriveSecret(h, hs, 's hs traffic', th);
  keylog(c, 'CLIENT_HANDSHAKE_TRAFFIC_SECRET', ss.cHs);
  keylog(c, 'SERVER_HANDSHAKE_TRAFFIC_SECRET', ss.sHs);
  setWriteKeys(c, ss.sHs);
  // EncryptedExtensions
  const ee = startMessage(HS_ENCRYPTED_EXTENSIONS, 64);
  const el = open(ee, 2);
  const adv = c.cfg.advertise || {};
  put16(ee, EXT_SUPPORTED_GROUPS);
  let e = open(ee, 2);
  let l = open(ee, 2);
  if (adv.groups) for (let i = 0; i < adv.groups.length; i++) put16(ee, adv.groups[i]);
  else for (let i = 0; i < ss.groups.length; i++) put16(ee, ss.groups[i].code);
  close(ee, l, 2);
  close(ee, e, 2);
  if (rsl) {
    put16(ee, EXT_RECORD_SIZE_LIMIT);
    put16(ee, 2);
    put16(ee, c.ownLimit + 1);
  }
  if (mfl > 0) {
    put16(ee, EXT_MAX_FRAGMENT_LENGTH);
    put16(ee, 1);
    put8(ee, mfl);
  }
  if (sniName !== null) {
    put16(ee, EXT_SERVER_NAME);
    put16(ee, 0);
  }
  if (alpn !== null) {
    put16(ee, EXT_ALPN);
    e = open(ee, 2);
    l = open(ee, 2);
    put8(ee, alpn.length);
    for (let i = 0; i < alpn.length; i++) put8(ee, alpn.charCodeAt(i));
    close(ee, l, 2);
    close(ee, e, 2);
  }
  if (acceptEarly) {
    put16(ee, EXT_EARLY_DATA);
    put16(ee, 0);
  }
  close(ee, el, 2);
  sendMessage(c, 'encrypted extensions', endMessage(ee));
  if (scheme !== null) {
    if (c.cfg.requestClientCert || c.cfg.requireClientCert) {
      const cr = startMessage(HS_CERTIFICATE_REQUEST, 64);
      put8(cr, 0);
      const cl = open(cr, 2);
      put16(cr, EXT_SIGNATURE_ALGORITHMS);
      e = open(cr, 2);
      l = open(cr, 2);
      const codes = adv.signatureSchemes || schemeCodes();
      for (let i = 0; i < codes.length; i++) put16(cr, codes[i]);
      close(cr, l, 2);
      close(cr, e, 2);
      close(cr, cl, 2);
      sendMessage(c, 'certificate request', endMessage(cr));
      ss.certRequested = true;
    }
    sendCertificate(c, new Uint8Array(0), c.cfg.certChain as Uint8Array[]);
    sendCertificateVerify(c, scheme);
  }
  sendFinished(c, ss.sHs);
  const master = nextSecret(h, hs, null);
  c.masterSecret = master;
  const th2 = transcriptHash(c);
  c.cAp = deriveSecret(h, master, 'c ap traffic', th2);
  c.sAp = deriveSecret(h, master, 's ap traffic', th2);
  keylog(c, 'CLIENT_TRAFFIC_SECRET_0', c.cAp);
  keylog(c, 'SERVER_TRAFFIC_SECRET_0', c.sAp);
  keylog(c, 'EXPORTER_SECRET', deriveSecret(h, master, 'exp master', th2));
  setWriteKeys(c, c.sAp);
  if (acceptEarly) {
    const cets = deriveSecret(h, es, 'c e traffic', h.create().update(msg).digest());
    keylog(c, 'CLIENT_EARLY_TRAFFIC_SECRET', cets);
    setReadKeys(c, cets);
    c.earlyOk = true;
    c.canRead = true;
    c.budget0 = (chosen as NonNullable<typeof chosen>).ticket ? ((chosen as NonNullable<typeof chosen>).ticket as TicketState).maxEarly : 0;
    ss.expect = 'EndOfEarlyData';
  } else {
    setReadKeys(c, ss.cHs);
    if (ss.offeredEarly) c.skip0 = 16384 + 256 + (c.cfg.maxEarlyData || 0);
    ss.expect = ss.certRequested ? 'Certificate' : 'Finished';
  }
  ss.psk = psk;
}

function onClientCertificate(c: Conn, ss: ServerState, msg: Uint8Array): void {
  const cm = parseCertificateMsg(msg);
  if (cm.context.length !== 0) throw tlsError(ILLEGAL_PARAMETER, 'client Certificate with a request context');
  received(c, 'certificate', msg);
  if (cm.chain.length === 0) {
    if (c.cfg.requireClientCert) throw tlsError(CERTIFICATE_REQUIRED, 'client sent no certificate');
    ss.expect = 'Finished';
    return;
  }
  c.peerChain = cm.chain;
  c.peerKey = checkPeerChain(c, cm.chain);
  step(c, 'certificate check', 'local', 0);
  ss.expect = 'CertificateVerify';
}

function sendTicket(c: Conn, ss: ServerState): void {
  const store = c.cfg.ticketStore;
  if (!store) return;
  const h = c.hash as HashAlgorithm;
  const lifetime = c.cfg.ticketLifetime === undefined ? 7200 : c.cfg.ticketLifetime;
  const maxEarly = c.cfg.maxEarlyData || 0;
  const aa = new Uint8Array(4);
  random(c, aa);
  const ageAdd = aa[0] * 16777216 + ((aa[1] << 16) | (aa[2] << 8) | aa[3]);
  const nonce = new Uint8Array([(ss.ticketsSent >> 8) & 255, ss.ticketsSent & 255]);
  ss.ticketsSent++;
  const now = c.cfg.clock.now();
  const state: TicketState = {
    suite: (c.suite as Suite).code, psk: resumptionPsk(h, c.resMaster as Uint8Array, nonce), ageAdd: ageAdd,
    lifetime: lifetime, issuedMs: now < 0 ? -1 : Math.round(now * 1000), maxEarly: maxEarly, alpn: c.alpn || '',
    sni: c.serverName || '',
  };
  const ticket = store.issue(encodeTicketState(state));
  const w = startMessage(HS_NEW_SESSION_TICKET, 64 + ticket.length);
  put32(w, lifetime);
  put32(w, ageAdd);
  put8(w, nonce.length);
  putBytes(w, nonce);
  const tl = open(w, 2);
  putBytes(w, ticket);
  close(w, tl, 2);
  const el = open(w, 2);
  if (maxEarly > 0) {
    put16(w, EXT_EARLY_DATA);
    put16(w, 4);
    put32(w, maxEarly);
  }
  close(w, el, 2);
  const m = endMessage(w);
  sendHandshake(c, m, 0x0303);
  step(c, 'new session ticket', 'sent', m.length);
}

function onClientFinished(c: Conn, ss: ServerState, msg: Uint8Array): void {
  checkFinished(c, msg, ss.cHs as Uint8Array);
  const h = c.hash as HashAlgorithm;
  c.resMaster = deriveSecret(h, c.masterSecret as Uint8Array, 'res master', transcriptHash(c));
  setReadKeys(c, c.cAp as Uint8Array);
  c.hsDone = true;
  c.state = 'open';
  c.canRead = true;
  c.canWrite = true;
  c.ccsOk = false;
  ss.expect = 'Done';
  step(c, 'connected', 'local', 0);
  const n = c.cfg.newTickets === undefined ? 1 : c.cfg.newTickets;
  for (let i = 0; i < n; i++) sendTicket(c, ss);
}

function serverHandshake(c: Conn, type: number, msg: Uint8Array): void {
  const ss = c.role as ServerState;
  const ex = ss.expect;
  if (ex === 'Done') {
    if (type === HS_KEY_UPDATE) handleKeyUpdate(c, msg);
    else throw unexpected('post-handshake message', type);
  } else if (ex === 'ClientHello' && type === HS_CLIENT_HELLO) onClientHello(c, ss, msg);
  else if (ex === 'EndOfEarlyData' && type === HS_END_OF_EARLY_DATA) {
    if (msg.length !== 4) throw tlsError(DECODE_ERROR, 'EndOfEarlyData with a body');
    addTranscript(c, msg);
    step(c, 'end of early data', 'received', 4);
    setReadKeys(c, ss.cHs as Uint8Array);
    c.canRead = false;
    c.budget0 = -1;
    ss.expect = ss.certRequested ? 'Certificate' : 'Finished';
  } else if (ex === 'Certificate' && type === HS_CERTIFICATE) onClientCertificate(c, ss, msg);
  else if (ex === 'CertificateVerify' && type === HS_CERTIFICATE_VERIFY) {
    const adv = c.cfg.advertise;
    checkCertificateVerify(c, msg, c.peerKey as NonNullable<typeof c.peerKey>,
      adv && adv.signatureSchemes ? adv.signatureSchemes : schemeCodes());
    ss.expect = 'Finished';
  } else if (ex === 'Finished' && type === HS_FINISHED) onClientFinished(c, ss, msg);
  else throw unexpected(ex, type);
}

export { INTERNAL_ERROR };
