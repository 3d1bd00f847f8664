// RFC 8448's scenarios from ../shared/vectors/rfc8448 (layout: SOURCES.md): sections of hex
// values, RNG pools as Random sources, the RSA-PSS salt recovered from the RFC's own signature.
import { readFileSync } from 'node:fs';
import { publicDecrypt, createHash, constants, createPublicKey, X509Certificate } from 'node:crypto';
import path from 'node:path';

const dir = path.resolve(import.meta.dirname, '../../../shared/vectors/rfc8448');

export function file(name) {
  return readFileSync(path.join(dir, name), 'utf8');
}

export function scenarios() {
  const out = {};
  let sec = null;
  for (const line of file('transcripts.vec').split('\n')) {
    let mm = line.match(/^\[(.*)\]/);
    if (mm) { sec = out[mm[1]] = {}; continue; }
    mm = line.match(/^(\w+) = ([0-9a-fA-F]*)$/);
    if (mm && sec) sec[mm[1]] = Buffer.from(mm[2], 'hex');
  }
  return out;
}

/** A Random that hands out `pool` in order and fails the test if drawn past its end. */
export function poolRandom(pool) {
  let at = 0;
  const r = {
    fill(out) {
      if (at + out.length > pool.length) throw new Error(`RNG pool exhausted: ${out.length} bytes wanted at ${at} of ${pool.length}`);
      out.set(pool.subarray(at, at + out.length));
      at += out.length;
    },
    used: () => at,
  };
  return r;
}

function mgf1(hash, seed, len) {
  const out = [];
  let n = 0;
  for (let i = 0; n < len; i++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(i);
    const d = createHash(hash).update(seed).update(c).digest();
    out.push(d);
    n += d.length;
  }
  return Buffer.concat(out).subarray(0, len);
}

/** The salt inside an RSA-PSS signature (RFC 8017 section 9.1.2, run backwards with the public
 * key): the RFC's signatures used a random salt the RNG pools do not hold. */
export function pssSalt(certPem, sig, hash = 'sha256') {
  const key = new X509Certificate(certPem).publicKey;
  const em = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, sig);
  const bits = key.asymmetricKeyDetails.modulusLength;
  const emLen = Math.ceil((bits - 1) / 8);
  const e = em.subarray(em.length - emLen);
  const hLen = createHash(hash).digest().length;
  const dbLen = emLen - hLen - 1;
  const h = e.subarray(dbLen, dbLen + hLen);
  const db = Buffer.from(e.subarray(0, dbLen));
  const mask = mgf1(hash, h, dbLen);
  for (let i = 0; i < dbLen; i++) db[i] ^= mask[i];
  return db.subarray(dbLen - hLen);
}

export const RFC_GROUPS = [0x001d, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104];
export const RFC_SCHEMES = [0x0403, 0x0503, 0x0603, 0x0203, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601,
  0x0201, 0x0402, 0x0502, 0x0602, 0x0202];
