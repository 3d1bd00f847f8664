// TLS alert descriptions (RFC 8446 section 6) and the one way the stack reports a protocol
// failure: a TlsError whose message names the alert in words, its number, and the reason.
import { microtlsError } from '../errors';
import type { MicrotlsError } from '../errors';

export const CLOSE_NOTIFY = 0;
export const UNEXPECTED_MESSAGE = 10;
export const BAD_RECORD_MAC = 20;
export const RECORD_OVERFLOW = 22;
export const HANDSHAKE_FAILURE = 40;
export const BAD_CERTIFICATE = 42;
export const UNSUPPORTED_CERTIFICATE = 43;
export const CERTIFICATE_REVOKED = 44;
export const CERTIFICATE_EXPIRED = 45;
export const CERTIFICATE_UNKNOWN = 46;
export const ILLEGAL_PARAMETER = 47;
export const UNKNOWN_CA = 48;
export const ACCESS_DENIED = 49;
export const DECODE_ERROR = 50;
export const DECRYPT_ERROR = 51;
export const PROTOCOL_VERSION = 70;
export const INSUFFICIENT_SECURITY = 71;
export const INTERNAL_ERROR = 80;
export const INAPPROPRIATE_FALLBACK = 86;
export const USER_CANCELED = 90;
export const MISSING_EXTENSION = 109;
export const UNSUPPORTED_EXTENSION = 110;
export const UNRECOGNIZED_NAME = 112;
export const BAD_CERTIFICATE_STATUS_RESPONSE = 113;
export const UNKNOWN_PSK_IDENTITY = 115;
export const CERTIFICATE_REQUIRED = 116;
export const NO_APPLICATION_PROTOCOL = 120;

// Pairs of number and name in one string ('~' stands for "certificate"): no Map, and cheap to keep
// in a device's RAM.
const NAMES = '0 close_notify 10 unexpected_message 20 bad_record_mac 21 decryption_failed 22 record_overflow ' +
  '40 handshake_failure 42 bad_~ 43 unsupported_~ 44 ~_revoked 45 ~_expired 46 ~_unknown 47 illegal_parameter ' +
  '48 unknown_ca 49 access_denied 50 decode_error 51 decrypt_error 70 protocol_version 71 insufficient_security ' +
  '80 internal_error 86 inappropriate_fallback 90 user_canceled 100 no_renegotiation 109 missing_extension ' +
  '110 unsupported_extension 112 unrecognized_name 113 bad_~_status_response 115 unknown_psk_identity ' +
  '116 ~_required 120 no_application_protocol ';

/** The RFC's name of an alert description, or "alert_N" for one it does not name. */
export function alertName(alert: number): string {
  const key = ' ' + alert + ' ';
  const padded = ' ' + NAMES;
  const at = padded.indexOf(key);
  if (at < 0) return 'alert_' + alert;
  const start = at + key.length;
  return padded.substring(start, padded.indexOf(' ', start)).split('~').join('certificate');
}

function alertError(alert: number, how: string): MicrotlsError {
  const name = alertName(alert);
  return microtlsError('TlsError', name, name + ' (' + alert + ') ' + how, alert);
}

/** A failure this side detected: the alert it sends and why. */
export function tlsError(alert: number, reason: string): MicrotlsError {
  return alertError(alert, 'sent: ' + reason);
}

/** The unexpected_message this side sends, and why. */
export function unexpected(reason: string): MicrotlsError {
  return tlsError(UNEXPECTED_MESSAGE, reason);
}

/** A fatal alert the peer sent. */
export function peerAlertError(alert: number): MicrotlsError {
  return alertError(alert, 'received from the peer');
}
