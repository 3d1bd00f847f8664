// Every failure microtls reports is an Error with a `name` saying which layer refused, a `code`
// naming the reason in a word, and for TLS failures the alert sent or received. No subclassing:
// class inheritance does not survive on Espruino, so errors are plain Errors with fields.
import board from 'microtls:board';

export interface MicrotlsError extends Error {
  /** 'CryptoError' for primitives, 'TlsError' for the protocol, 'X509Error' for certificates. */
  name: string;
  /** One word for the reason, e.g. 'bad_point', 'bad_tag', 'bad_length', 'bad_signature'. */
  code: string;
  /** The TLS alert description number (RFC 8446 section 6) when there is one, else -1. */
  alert: number;
}

export function microtlsError(name: string, code: string, message: string, alert: number): MicrotlsError {
  const e = new Error(message) as MicrotlsError;
  e.name = name;
  e.code = code;
  e.alert = alert;
  return e;
}

export function cryptoError(code: string, message: string): MicrotlsError {
  return microtlsError('CryptoError', code, message, -1);
}

export function isMicrotlsError(e: unknown): e is MicrotlsError {
  return e instanceof Error && typeof (e as MicrotlsError).code === 'string' &&
    typeof (e as MicrotlsError).alert === 'number';
}

/** What a build-time stub throws for code a board profile leaves out (tools/rollup-stubs.mjs). */
export function notInBuild(what: string): MicrotlsError {
  return microtlsError('TlsError', 'not_in_build', what + ' is not in this build (boards/' + board.name + '.json features)', -1);
}

/** A left-out module's export (tools/rollup-stubs.mjs): one function per name, made here, so each
 * stub costs the bundle only its name. */
export function stubOf(what: string): () => never {
  return function (): never {
    throw notInBuild(what);
  };
}
