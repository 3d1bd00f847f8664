// An independent TLS 1.2 reference for the tls12-* tests, on node:crypto: the PRF, the key block
// and AES-GCM record protection (RFC 5246, RFC 5288), plus record splitting and byte flights
// between two engines. Tests read microtls's records with it and write records microtls must
// read (or refuse).
import crypto from 'node:crypto';

export function prf(hash, secret, label, seed, n) {
  const s = Buffer.concat([Buffer.from(label, 'latin1'), seed]);
  const out = [];
  let a = s;
  let len = 0;
  while (len < n) {
    a = crypto.createHmac(hash, secret).update(a).digest();
    const p = crypto.createHmac(hash, secret).update(a).update(s).digest();
    out.push(p);
    len += p.length;
  }
  return Buffer.concat(out).subarray(0, n);
}

/** GCM keys from a master secret: { client: {key, salt}, server: {key, salt} }. */
export function gcmKeys(master, clientRandom, serverRandom, keyLen = 16, hash = 'sha256') {
  const kb = prf(hash, master, 'key expansion', Buffer.concat([serverRandom, clientRandom]), 2 * keyLen + 8);
  return {
    client: { key: kb.subarray(0, keyLen), salt: kb.subarray(2 * keyLen, 2 * keyLen + 4) },
    server: { key: kb.subarray(keyLen, 2 * keyLen), salt: kb.subarray(2 * keyLen + 4, 2 * keyLen + 8) },
  };
}

function seqBuf(seq) {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(seq));
  return b;
}

/** One AES-GCM TLS 1.2 record of `type` carrying `plain`, sequence number `seq`. */
export function gcmSeal(k, seq, type, plain) {
  const explicit = seqBuf(seq);
  const aad = Buffer.concat([seqBuf(seq), Buffer.from([type, 3, 3, plain.length >> 8, plain.length & 255])]);
  const c = crypto.createCipheriv(`aes-${k.key.length * 8}-gcm`, k.key, Buffer.concat([k.salt, explicit]));
  c.setAAD(aad);
  const body = Buffer.concat([explicit, c.update(plain), c.final(), c.getAuthTag()]);
  return Buffer.concat([Buffer.from([type, 3, 3, body.length >> 8, body.length & 255]), body]);
}

/** The plaintext of an AES-GCM TLS 1.2 record body (throws when it does not authenticate). */
export function gcmOpen(k, seq, type, body) {
  const n = body.length - 24;
  const aad = Buffer.concat([seqBuf(seq), Buffer.from([type, 3, 3, n >> 8, n & 255])]);
  const d = crypto.createDecipheriv(`aes-${k.key.length * 8}-gcm`, k.key, Buffer.concat([k.salt, body.subarray(0, 8)]));
  d.setAAD(aad);
  d.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([d.update(body.subarray(8, body.length - 16)), d.final()]);
}

/** Records of a byte stream: [{ type, body, raw }]. */
export function records(bytes) {
  const b = Buffer.from(bytes);
  const out = [];
  for (let p = 0; p + 5 <= b.length;) {
    const len = b.readUInt16BE(p + 3);
    out.push({ type: b[p], body: b.subarray(p + 5, p + 5 + len), raw: b.subarray(p, p + 5 + len) });
    p += 5 + len;
  }
  return out;
}

/** Everything an engine has to send, as one Buffer. */
export function flight(e) {
  const parts = [];
  const buf = new Uint8Array(1 << 16);
  while (e.pending() > 0) {
    const n = e.pull(buf, 0, buf.length);
    parts.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(parts);
}

/** Feeds bytes to an engine `chunk` at a time. */
export function feed(e, bytes, chunk = 1 << 20) {
  const b = new Uint8Array(bytes);
  for (let off = 0; off < b.length;) {
    const k = e.feed(b, off, Math.min(chunk, b.length - off));
    if (k === 0) throw new Error('engine refused input');
    off += k;
  }
}

/** Handshake messages in plaintext handshake records: [{ type, msg }]. */
export function handshakeMessages(bytes) {
  const hs = Buffer.concat(records(bytes).filter((r) => r.type === 22).map((r) => r.body));
  const out = [];
  for (let p = 0; p + 4 <= hs.length;) {
    const len = hs.readUIntBE(p + 1, 3);
    out.push({ type: hs[p], msg: hs.subarray(p, p + 4 + len) });
    p += 4 + len;
  }
  return out;
}
