// 0-RTT early data, client side (RFC 8446 section 2.3, 4.2.10): sent under
// client_early_traffic_secret right behind the ClientHello, confirmed in EncryptedExtensions and
// ended with EndOfEarlyData, or sent again as ordinary data when the server refuses it. The
// feature 'early-data' (tools/boards.mjs): a bundle without it refuses the earlyData option.
import type { Conn } from './conn';
import type { ClientState } from './client';
import type { Suite } from './suites';
import { CT_APPLICATION_DATA } from './record';
import { sendCcs, step, keylog, setWriteKeys, queueRecord, HS_END_OF_EARLY_DATA } from './conn';
import { sendMessage } from './common';
import { earlySecret, deriveSecret } from './keyschedule';
import { tlsError, DECODE_ERROR, ILLEGAL_PARAMETER } from './alerts';

/** Queues data[0, n) as application data records of at most sendLimit bytes. */
function queueData(c: Conn, data: Uint8Array, n: number): void {
  for (let at = 0; at < n; at += c.sendLimit) {
    queueRecord(c, CT_APPLICATION_DATA, data, at, n - at < c.sendLimit ? n - at : c.sendLimit, 0x0303);
  }
}

/** After the ClientHello `ch`: the early data, when the ticket allows it. */
export function sendEarly(c: Conn, cs: ClientState, ch: Uint8Array): void {
  const psk = cs.psk;
  const data = cs.early;
  if (data === null || psk === null || psk.maxEarly <= 0 || psk.suite === null) return;
  const h = psk.hash;
  const cets = deriveSecret(h, earlySecret(h, psk.key), 'c e traffic', h.create().update(ch).digest());
  keylog(c, 'CLIENT_EARLY_TRAFFIC_SECRET', cets);
  if (cs.sid.length > 0) sendCcs(c);
  c.suite = psk.suite;
  setWriteKeys(c, cets);
  const n = data.length > psk.maxEarly ? psk.maxEarly : data.length;
  queueData(c, data, n);
  cs.earlySent = true;
  step(c, 'early data', 'sent', n);
}

/** EncryptedExtensions' early_data: the server took the early data. */
export function earlyAccepted(c: Conn, cs: ClientState, ed: Uint8Array): void {
  if (ed.length !== 0) throw tlsError(DECODE_ERROR, 'early_data answer must be empty');
  if (!cs.pskOk) throw tlsError(ILLEGAL_PARAMETER, 'early data accepted without the PSK');
  const ps = (cs.psk as NonNullable<ClientState['psk']>).suite;
  if (ps === null || (c.suite as Suite).code !== ps.code) {
    throw tlsError(ILLEGAL_PARAMETER, 'early data accepted under another cipher suite than the ticket\'s');
  }
  c.earlyOk = true;
}

/** At the server's Finished: EndOfEarlyData when it took the data, else the data again as
 * ordinary application data once the handshake is done (`done`). */
export function endEarly(c: Conn, cs: ClientState, done: boolean): void {
  if (!done) sendMessage(c, 'end of early data', new Uint8Array([HS_END_OF_EARLY_DATA, 0, 0, 0]));
  else if (!c.earlyOk && cs.early !== null) queueData(c, cs.early, cs.early.length);
}
