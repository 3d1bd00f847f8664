// The options of connect() and createServer(), and how they become an EngineConfig. Keys,
// certificates and anchors come either parsed or as PEM text; PEM is decoded by the X.509 module.
import type { EngineConfig, Engine, HandshakeStep, SessionState } from '../tls/types';
import type { Hal } from '../../hal/types';
import type { CryptoProvider } from '../crypto/provider';
import type { PrivateKey, TrustAnchor, TimePolicy } from '../x509/types';
import { microtlsError, notInBuild } from '../errors';
import type { MicrotlsError } from '../errors';
import { fromHex } from '../bytes';
import { utf8Encode } from './text';
import { pemChain, pemKey, pemAnchors } from './pem';
import { isIpLiteral } from '../tls/common';
import { boardHas } from '../board';

export interface TlsOptions {
  /** The runtime: sockets, random numbers, clock (required on devices; the host build defaults
   * to Node's). */
  hal?: Hal;
  /** Client: where to connect. */
  host?: string;
  port?: number;
  /** Client: SNI and the name checked against the certificate (default: host, unless an IP). */
  servername?: string;
  alpn?: string[] | string;
  /** '1.3' or '1.2' forces one version; default both, 1.3 preferred. */
  tls?: string;
  suites?: string[] | string;
  groups?: string[] | string;
  /** Trust anchors: PEM text of CA certificates, or parsed anchors. */
  ca?: string | TrustAnchor[];
  /** SHA-256 hashes of acceptable peer SubjectPublicKeyInfos. */
  pins?: Uint8Array[];
  /** Turns certificate checks off (explicitly). */
  insecure?: boolean;
  timePolicy?: TimePolicy;
  /** Own chain (PEM text, leaf first, or DER certificates) and key (PEM text or parsed). */
  cert?: string | Uint8Array[];
  key?: string | PrivateKey;
  /** Server: ask for a client certificate / refuse clients without one. */
  requestCert?: boolean;
  requireClientCert?: boolean;
  /** External PSK: identity as text or bytes, key as hex or bytes. */
  psk?: { identity: string | Uint8Array; key: string | Uint8Array; hash?: string };
  pskModes?: string[];
  /** Client: a session saved from an earlier connection (socket.session()). */
  session?: SessionState | null;
  earlyData?: Uint8Array | string | null;
  maxRecordSize?: number;
  /** Server: issue session tickets (default true). */
  tickets?: boolean;
  keylog?: (line: string) => void;
  onStep?: (step: HandshakeStep) => void;
  provider?: CryptoProvider;
  /** The engine factory (default: microtls's own); tests plug fakes in here. */
  createEngine?: (config: EngineConfig) => Engine;
}

/** A failure of the API layer itself (alert -1: nothing was sent for it). */
export function apiError(code: string, message: string): MicrotlsError {
  return microtlsError('TlsError', code, message, -1);
}

/** options.hal, which connect() and createServer() cannot do without. */
export function needHal(options: TlsOptions): Hal {
  if (!options || !options.hal) throw apiError('bad_option', 'options.hal is required');
  return options.hal;
}

function list(v: string[] | string | undefined): string[] | undefined {
  if (typeof v !== 'string') return v || undefined;
  const out: string[] = [];
  const parts = v.split(',');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i].trim();
    if (p.length > 0) out.push(p);
  }
  return out;
}

function versions(tls: string | undefined): string[] | undefined {
  if (!tls) return undefined;
  const i = ['1.3', '1.2', 'TLSv1.3', 'TLSv1.2'].indexOf('' + tls);
  if (i < 0) throw apiError('bad_option', 'tls: 1.3 or 1.2, not ' + tls);
  return [i % 2 ? 'TLSv1.2' : 'TLSv1.3'];
}

function bytesOf(v: string | Uint8Array, hex: boolean): Uint8Array {
  if (typeof v !== 'string') return v;
  return hex ? fromHex(v) : utf8Encode(v);
}

/** Options that pass to the engine under the same name when set. */
const SAME = ['provider', 'maxRecordSize', 'pins', 'timePolicy', 'pskModes', 'session', 'keylog', 'onStep',
  'insecure'];

/** A certificate and key of our own: a server's, or a client's with client-auth. */
const OWN = boardHas('server') || boardHas('client-auth');

/** Options given parsed or as PEM text: option, engine name, PEM reader. */
const PEM: [string, string, (pem: string) => any][] = OWN ? [['ca', 'anchors', pemAnchors], ['cert', 'certChain', pemChain],
  ['key', 'privateKey', pemKey]] : [['ca', 'anchors', pemAnchors]];

/** The engine configuration for one connection in `role`. */
export function engineConfig(options: TlsOptions & { [k: string]: any }, role: 'client' | 'server', hal: Hal): EngineConfig {
  const c: EngineConfig & { [k: string]: any } = { role: role, random: hal.random, clock: hal.clock };
  // without a use for them, refused before any PEM is read
  if (!OWN && (options.cert || options.key)) throw notInBuild('a client certificate');
  for (let i = 0; i < SAME.length; i++) if (options[SAME[i]]) c[SAME[i]] = options[SAME[i]];
  for (let i = 0; i < PEM.length; i++) {
    const v = options[PEM[i][0]];
    if (v) c[PEM[i][1]] = typeof v === 'string' ? PEM[i][2](v) : v;
  }
  c.versions = versions(options.tls);
  c.suites = list(options.suites);
  c.groups = list(options.groups);
  const alpn = list(options.alpn);
  if (alpn && alpn.length > 0) c.alpn = alpn;
  const host = options.servername || options.host;
  if (role === 'client' && host && (options.servername || !isIpLiteral(host))) c.serverName = host;
  // server options: a bundle without a server has no use for them
  if (boardHas('server') && (options.requestCert || options.requireClientCert)) {
    c.requestClientCert = true;
    if (options.requireClientCert) c.requireClientCert = true;
  }
  // (a bundle without either has refused both above)
  if (OWN && !c.certChain !== !c.privateKey) throw apiError('bad_option', 'cert and key go together');
  const psk = options.psk;
  if (psk) {
    c.psk = { identity: bytesOf(psk.identity, false), key: bytesOf(psk.key, true) };
    if (psk.hash) c.psk.hash = psk.hash;
  }
  if (options.earlyData) c.earlyData = bytesOf(options.earlyData, false);
  return c;
}
