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

// The names in order of number, each after a letter giving its distance from the one before ('A'
// + distance; a last 'A' ends the list; '~' stands for "certificate"): no Map, and cheap to keep
// in a device's RAM.
const NAMES = 'Aclose_notifyKunexpected_messageKbad_record_macBdecryption_failedBrecord_overflow' +
  'Shandshake_failureCbad_~Bunsupported_~B~_revokedB~_expiredB~_unknownBillegal_parameterBunknown_ca' +
  'Baccess_deniedBdecode_errorBdecrypt_errorTprotocol_versionBinsufficient_securityJinternal_error' +
  'Ginappropriate_fallbackEuser_canceledKno_renegotiationJmissing_extensionBunsupported_extension' +
  'Cunrecognized_nameBbad_~_status_responseCunknown_psk_identityB~_requiredEno_application_protocolA';

/** The RFC's name of an alert description, or "alert_N" for one it does not name. */
export function alertName(alert: number): string {
  let n = 0;
  let at = 0;
  for (let i = 0; i < NAMES.length; i++) {
    // a letter (upper case, the names are lower case) ends the name before it
    const k = NAMES.charCodeAt(i);
    if (k < 91) {
      if (n === alert && at > 0) return NAMES.substring(at, i).split('~').join('certificate');
      n += k - 65;
      at = i + 1;
    }
  }
  return 'alert_' + alert;
}

function alertError(alert: number, how: string): MicrotlsError {
  const name = alertName(alert);
  return microtlsError('TlsError', name, name + ' (' + alert + ') ' + how, alert);
}

/** A failure this side detected: the alert it sends and why. */
export function tlsError(alert: number, reason: string): MicrotlsError {
  return alertError(alert, 'sent: ' + reason);
}

/** A length over its limit: the alert this side sends for it. */
export function overLimit(alert: number, what: string, n: number, limit: number): MicrotlsError {
  return tlsError(alert, what + ' of ' + n + ' bytes over the limit of ' + limit);
}

/** The unexpected_message this side sends, and why. */
export function unexpected(reason: string): MicrotlsError {
  return tlsError(UNEXPECTED_MESSAGE, reason);
}

/** A fatal alert the peer sent. */
export function peerAlertError(alert: number): MicrotlsError {
  return alertError(alert, 'received from the peer');
}
