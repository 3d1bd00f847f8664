// The sans-I/O engine's contract (DESIGN.md section 2). The engine never touches a socket: the
// caller pushes received bytes in, pulls bytes to send out, writes application data in and reads
// decrypted data out. Buffers are sized once from the board profile; records are protected in
// place; steady-state application data allocates nothing per record.
import type { CryptoProvider } from '../crypto/provider';
import type { Random, Clock } from '../../hal/types';
import type { PrivateKey, PublicKey, TrustAnchor, TimePolicy } from '../x509/types';
import type { MicrotlsError } from '../errors';

export interface EngineConfig {
  role: 'client' | 'server';
  random: Random;
  clock: Clock;
  provider?: CryptoProvider;
  /** Largest record plaintext this side can hold (512..16384); drives record_size_limit and
   * max_fragment_length, and the engine's buffer sizes. */
  maxRecordSize?: number;
  /** Largest handshake message (a certificate chain, mostly) accepted, default 65536; memory for
   * one is taken as its bytes arrive. */
  maxHandshakeMessage?: number;
  /** 'TLSv1.3' | 'TLSv1.2'; default both with 1.3 preferred. */
  versions?: string[];
  /** IANA cipher suite names, in preference order; default all supported. */
  suites?: string[];
  /** IANA group names ('x25519', 'secp256r1'), in preference order. */
  groups?: string[];
  alpn?: string[];
  /** Client: SNI and the host name checked against the certificate. */
  serverName?: string;
  /** Peer certificate checks: anchors and/or SPKI SHA-256 pins; `insecure` turns checks off
   * (explicitly). A server asks for client certificates when `requestClientCert` is set. */
  anchors?: TrustAnchor[];
  pins?: Uint8Array[];
  insecure?: boolean;
  timePolicy?: TimePolicy;
  requestClientCert?: boolean;
  requireClientCert?: boolean;
  /** Own certificate chain (DER, leaf first) and key: the server's, or a client's. */
  certChain?: Uint8Array[];
  privateKey?: PrivateKey;
  /** External PSK (RFC 8446 section 4.2.11), SHA-256 unless `hash` says 'sha384'. */
  psk?: { identity: Uint8Array; key: Uint8Array; hash?: string };
  /** psk_ke lets a slow device resume without public-key work. */
  pskModes?: string[];
  /** Client: a ticket saved from an earlier connection (Engine.session()). */
  session?: SessionState | null;
  /** Client: data to send as 0-RTT early data when resuming with a ticket that allows it. */
  earlyData?: Uint8Array | null;
  /** Middlebox compatibility mode (RFC 8446 appendix D.4): a 32-byte legacy_session_id and dummy
   * change_cipher_spec records. Default true. */
  compatibilityMode?: boolean;
  /** Server: where tickets are issued and redeemed (see createTicketStore); none: no tickets. */
  ticketStore?: TicketStore | null;
  /** Server: ticket lifetime in seconds (default 7200) and the 0-RTT bytes a ticket allows
   * (default 0: no early data). */
  ticketLifetime?: number;
  maxEarlyData?: number;
  /** Server: NewSessionTickets sent after each handshake when a ticketStore is set (default 1). */
  newTickets?: number;
  /** Server: the cookie a HelloRetryRequest carries (default: the hash of the first ClientHello). */
  hrrCookie?: Uint8Array;
  /** Accept 1024-bit RSA keys (the RFC 8448 test key only). */
  allowRsa1024?: boolean;
  /** Test hook for reproducing other stacks' bytes (RFC 8448): code points advertised in
   * supported_groups and signature_algorithms instead of this stack's own lists, and the TLS 1.2
   * extensions renegotiation_info and session_ticket sent empty. */
  advertise?: { groups?: number[]; signatureSchemes?: number[]; renegotiationInfo?: boolean; sessionTicket?: boolean };
  /** SSLKEYLOGFILE lines as they become known. */
  keylog?: (line: string) => void;
  /** Each handshake step as it happens (for --trace). */
  onStep?: (step: HandshakeStep) => void;
}

/** A server's tickets (RFC 8446 section 4.6.1): `issue` turns the resumption state into ticket
 * bytes, `redeem` gives the state back (null for an unknown or expired ticket), `claimEarly` says
 * true once per ticket and false ever after (0-RTT anti-replay). */
export interface TicketStore {
  issue(state: Uint8Array): Uint8Array;
  redeem(ticket: Uint8Array): Uint8Array | null;
  claimEarly(ticket: Uint8Array): boolean;
}

export interface HandshakeStep {
  /** e.g. 'client hello', 'server hello', 'certificate check', 'session keys', 'finished'. */
  name: string;
  direction: 'sent' | 'received' | 'local';
  bytes: number;
}

/** An opaque, serialisable resumption state (a ticket and its secrets). */
export interface SessionState {
  version: number;
  suite: number;
  ticket: Uint8Array;
  secret: Uint8Array;
  ageAdd: number;
  lifetime: number;
  issued: number;
  maxEarlyData: number;
  alpn: string | null;
  serverName: string | null;
}

export interface ConnectionInfo {
  version: string;
  suite: string;
  group: string | null;
  alpn: string | null;
  serverName: string | null;
  resumed: boolean;
  earlyDataAccepted: boolean;
  peerChain: Uint8Array[];
  peerKey: PublicKey | null;
  recordSizeLimit: number;
}

export type EngineState = 'handshaking' | 'open' | 'closing' | 'closed' | 'failed';

export interface Engine {
  readonly state: EngineState;
  /** Set once the engine has failed: names the alert sent or received and the reason. */
  readonly error: MicrotlsError | null;
  /** Give the engine bytes from the network; returns how many it took (fewer than `len` only
   * while its input buffer is full: read() first, then feed the rest). */
  feed(data: Uint8Array, off: number, len: number): number;
  /** Bytes waiting to be sent. */
  pending(): number;
  /** Copy up to `max` pending bytes to `out` and drop them from the engine. */
  pull(out: Uint8Array, off: number, max: number): number;
  /** Queue application data; returns bytes accepted (0 while handshaking or when full). */
  write(data: Uint8Array, off: number, len: number): number;
  /** Copy up to `max` bytes of decrypted application data to `out`. Records behind unread
   * application data wait in the input buffer (back-pressure): after each feed(), read() until it
   * returns 0, or the handshake may not move on (a server holding unread 0-RTT data). */
  read(out: Uint8Array, off: number, max: number): number;
  /** Queue close_notify. */
  close(): void;
  /** Request a KeyUpdate (TLS 1.3); `peer` also asks the peer to update. */
  keyUpdate(peer: boolean): void;
  info(): ConnectionInfo | null;
  /** Client: the newest ticket received, for a later `session` option. */
  session(): SessionState | null;
}
