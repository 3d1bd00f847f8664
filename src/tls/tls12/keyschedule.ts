// The TLS 1.2 key schedule (RFC 5246 sections 6.3, 7.4.9, 8.1; RFC 7627): the master secret from
// the premaster secret (with the extended master secret's session hash by default), the key
// block cut into each direction's keys, and Finished's verify_data.
import type { HashAlgorithm } from '../../crypto/provider';
import type { Suite12 } from './suites';
import { tls12Prf } from '../../crypto/prf';
import { concatBytes } from '../../bytes';

/** master_secret: PRF(pms, "extended master secret", session_hash) with EMS, else
 * PRF(pms, "master secret", client_random + server_random). */
export function masterSecret(h: HashAlgorithm, pms: Uint8Array, ems: boolean, sessionHash: Uint8Array,
  clientRandom: Uint8Array, serverRandom: Uint8Array): Uint8Array {
  if (ems) return tls12Prf(h, pms, 'extended master secret', sessionHash, 48);
  return tls12Prf(h, pms, 'master secret', concatBytes(clientRandom, serverRandom), 48);
}

export interface KeyBlock {
  clientMac: Uint8Array;
  serverMac: Uint8Array;
  clientKey: Uint8Array;
  serverKey: Uint8Array;
  clientIv: Uint8Array;
  serverIv: Uint8Array;
}

/** The key block PRF(master, "key expansion", server_random + client_random), in RFC order. */
export function keyBlock(h: HashAlgorithm, suite: Suite12, master: Uint8Array, clientRandom: Uint8Array,
  serverRandom: Uint8Array): KeyBlock {
  const macLen = suite.mac === 'sha1' ? 20 : suite.mac === 'sha256' ? 32 : 0;
  const ivLen = suite.cipher === 'gcm' ? 4 : suite.cipher === 'chacha' ? 12 : 0;
  const total = 2 * (macLen + suite.keyLen + ivLen);
  const b = tls12Prf(h, master, 'key expansion', concatBytes(serverRandom, clientRandom), total);
  let at = 0;
  const take = function (n: number): Uint8Array {
    const v = b.subarray(at, at + n);
    at += n;
    return v;
  };
  const cm = take(macLen);
  const sm = take(macLen);
  const ck = take(suite.keyLen);
  const sk = take(suite.keyLen);
  return { clientMac: cm, serverMac: sm, clientKey: ck, serverKey: sk, clientIv: take(ivLen), serverIv: take(ivLen) };
}

/** verify_data: PRF(master, "client finished" | "server finished", Hash(handshake_messages)). */
export function verifyData(h: HashAlgorithm, master: Uint8Array, client: boolean, transcriptHash: Uint8Array): Uint8Array {
  return tls12Prf(h, master, client ? 'client finished' : 'server finished', transcriptHash, 12);
}
