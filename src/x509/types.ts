// The contract between X.509 (src/x509) and the TLS handshakes (src/tls): parsed keys, trust
// anchors and the options of chain validation. The handshakes only ever see these shapes.
import type { RsaPublicKey, RsaPrivateKey } from '../crypto/rsa';

/** A public key from a SubjectPublicKeyInfo. */
export interface PublicKey {
  kind: 'rsa' | 'p256' | 'p384' | 'ed25519';
  /** RSA keys: the prepared key. */
  rsa: RsaPublicKey | null;
  /** EC keys: the uncompressed point (65 or 97 bytes); Ed25519: the 32-byte key. */
  raw: Uint8Array | null;
  /** The DER SubjectPublicKeyInfo it came from (for pinning: SHA-256 over these bytes). */
  spki: Uint8Array;
}

/** A private key from PKCS#8, SEC 1 (EC PRIVATE KEY) or PKCS#1 (RSA PRIVATE KEY). */
export interface PrivateKey {
  kind: 'rsa' | 'p256' | 'p384' | 'ed25519';
  rsa: RsaPrivateKey | null;
  /** EC: the 32/48-byte scalar; Ed25519: the 32-byte seed. */
  raw: Uint8Array | null;
  /** The matching public key. */
  pub: PublicKey;
}

/** A trust anchor in compact form: no whole certificate, only what validation uses. */
export interface TrustAnchor {
  /** DER of the anchor's subject Name (matched byte for byte against an issuer). */
  subject: Uint8Array;
  /** DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** Path length constraint from the anchor's basicConstraints, or -1 for none. */
  pathLen: number;
  /** DER of the anchor's nameConstraints extension value, or null. */
  nameConstraints: Uint8Array | null;
}

/** What a device without a trusted clock does with validity periods: never a silent skip. */
export type TimePolicy =
  /** Check against the HAL clock; with no trusted time, fail ('no_time'). */
  | 'clock'
  /** Check notAfter against a build-time floor date (seconds since the epoch), notBefore skipped. */
  | { floor: number }
  /** Refuse to validate at all without a clock. */
  | 'reject';

export interface VerifyOptions {
  anchors: TrustAnchor[];
  /** SHA-256 hashes of acceptable leaf SubjectPublicKeyInfos; when given, a match is enough. */
  pins?: Uint8Array[];
  /** DNS name or IP literal to match (RFC 6125); omitted: no name check. */
  host?: string;
  purpose: 'server' | 'client';
  /** Seconds since the Unix epoch, or -1 when the device has no trusted time. */
  now: number;
  timePolicy?: TimePolicy;
  /** Certificates in a path beyond the leaf, at most (default 4). */
  maxDepth?: number;
  /** What the handshake will do with the leaf key: when given and the leaf has a keyUsage
   * extension, that bit must be set (TLS 1.3 and ECDHE: digitalSignature, RFC 8446 section
   * 4.4.2.2; TLS 1.2 RSA key transport: keyEncipherment). Added by the x509 helper. */
  leafKeyUsage?: 'digitalSignature' | 'keyEncipherment';
  /** Accept RSA keys of 1024 bits (RFC 8448 tests only). */
  allow1024?: boolean;
}
