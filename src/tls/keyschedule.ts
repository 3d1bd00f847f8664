// The TLS 1.3 key schedule (RFC 8446 section 7.1): Early, Handshake and Master Secrets, the
// traffic secrets derived from them with the transcript hash, traffic keys, Finished keys,
// resumption PSKs and KeyUpdate's next secret.
import type { HashAlgorithm } from '../crypto/provider';
import { hkdfExtract, hkdfExpandLabel } from '../crypto/hkdf';
import { hmac } from '../crypto/hmac';

const EMPTY = new Uint8Array(0);

/** Derive-Secret(Secret, Label, Messages) with the transcript hash already taken. */
export function deriveSecret(h: HashAlgorithm, secret: Uint8Array, label: string, transcriptHash: Uint8Array): Uint8Array {
  return hkdfExpandLabel(h, secret, label, transcriptHash, h.outputLen);
}

export function emptyHash(h: HashAlgorithm): Uint8Array {
  return h.create().digest();
}

/** HKDF-Extract(salt, ikm), ikm all zeros when there is none (no PSK, no (EC)DHE). */
function extract(h: HashAlgorithm, salt: Uint8Array, ikm: Uint8Array | null): Uint8Array {
  return hkdfExtract(h, salt, ikm || new Uint8Array(h.outputLen));
}

/** Early Secret = HKDF-Extract(0, PSK). */
export function earlySecret(h: HashAlgorithm, psk: Uint8Array | null): Uint8Array {
  return extract(h, new Uint8Array(h.outputLen), psk);
}

/** The next stage's secret: HKDF-Extract(Derive-Secret(prev, "derived", ""), ikm). */
export function nextSecret(h: HashAlgorithm, prev: Uint8Array, ikm: Uint8Array | null): Uint8Array {
  return extract(h, deriveSecret(h, prev, 'derived', emptyHash(h)), ikm);
}

export function binderKey(h: HashAlgorithm, early: Uint8Array, external: boolean): Uint8Array {
  return deriveSecret(h, early, external ? 'ext binder' : 'res binder', emptyHash(h));
}

/** verify_data = HMAC(finished_key, Transcript-Hash), finished_key from `base`. */
export function finishedMac(h: HashAlgorithm, base: Uint8Array, transcriptHash: Uint8Array): Uint8Array {
  return hmac(h, deriveSecret(h, base, 'finished', EMPTY), transcriptHash);
}

export function trafficKey(h: HashAlgorithm, secret: Uint8Array, keyLen: number): Uint8Array {
  return hkdfExpandLabel(h, secret, 'key', EMPTY, keyLen);
}

export function trafficIv(h: HashAlgorithm, secret: Uint8Array): Uint8Array {
  return hkdfExpandLabel(h, secret, 'iv', EMPTY, 12);
}

export function nextTrafficSecret(h: HashAlgorithm, secret: Uint8Array): Uint8Array {
  return deriveSecret(h, secret, 'traffic upd', EMPTY);
}

/** The PSK a NewSessionTicket stands for (section 4.6.1). */
export function resumptionPsk(h: HashAlgorithm, resumptionMaster: Uint8Array, nonce: Uint8Array): Uint8Array {
  return deriveSecret(h, resumptionMaster, 'resumption', nonce);
}
