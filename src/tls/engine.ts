// The sans-I/O engine (DESIGN.md section 2): createEngine(config) gives an Engine that the caller
// feeds network bytes and pulls records from. Every failure ends the connection with a TlsError
// naming the alert sent or received; the matching alert is queued for the peer.
import type { Engine, EngineConfig, ConnectionInfo, SessionState } from './types';
import type { Conn } from './conn';
import { newConn, feedBytes, processInput, pull, queueAppData, sendAlert, step, flushHandshake } from './conn';
import { asTlsError, sendKeyUpdate } from './common';
import { clientStart } from './client';
import { serverStart } from './server';
import { defaultProvider } from '../crypto/default-provider';
import { CLOSE_NOTIFY, PROTOCOL_VERSION, INTERNAL_ERROR, tlsError } from './alerts';
import { notInBuild } from '../errors';
import { boardHas } from '../board';

export function createEngine(config: EngineConfig): Engine {
  // The engine is the connection itself (its state and error are the engine's): the methods go onto
  // it, and every other field is internal (renamed in device bundles).
  const c = newConn(config, config.provider || defaultProvider, config.role === 'client') as Conn & Engine;
  const ended = function (): boolean {
    return c.state === 'closed' || c.state === 'failed';
  };
  const release = function (): void {
    // a finished connection gives its buffers back once nothing is left to pull or read
    if (ended() && c.outEnd === c.outAt && c.appLen === 0 && c.inb.length > 0) {
      c.inb = c.outb = new Uint8Array(0);
      c.outBase = c.inAt = c.inEnd = c.outAt = c.outEnd = 0;
      c.hsPart = null;
    }
  };
  // the connection's end on any failure: the alert queued, the buffers given back
  const fail = function (e: unknown): void {
    const err = asTlsError(e);
    if (c.state !== 'failed') {
      c.state = 'failed';
      c.error = err;
      try {
        sendAlert(c, err.alert >= 0 ? err.alert : INTERNAL_ERROR);
      } catch (e2) {
        // nothing more can be sent
      }
      step(c, 'alert ' + err.code, 'sent', 2);
    }
    release();
  };
  c.feed = function (data: Uint8Array, off: number, len: number): number {
    if (ended()) return len;
    if (!(off >= 0 && len >= 0 && off + len <= data.length)) len = off >= 0 && off < data.length ? data.length - off : 0;
    let taken = 0;
    try {
      for (let n = 1; taken < len && n > 0 && c.state !== 'failed'; taken += n) {
        n = feedBytes(c, data, off + taken, len - taken);
        processInput(c);
      }
    } catch (e) {
      fail(e);
    }
    release();
    return c.state === 'failed' ? len : taken;
  };
  c.pending = function (): number {
    try {
      flushHandshake(c);
    } catch (e) {
      fail(e);
    }
    return c.outEnd - c.outAt;
  };
  c.pull = function (out: Uint8Array, off: number, max: number): number {
    const n = pull(c, out, off, max);
    release();
    return n;
  };
  c.write = function (data: Uint8Array, off: number, len: number): number {
    // after the peer's close_notify this side may still send (TLS 1.3 half-close) until it closes
    if ((c.state !== 'open' && c.state !== 'closing') || !c.canWrite || c.closeSent) return 0;
    try {
      return queueAppData(c, data, off, len);
    } catch (e) {
      fail(e);
      return 0;
    }
  };
  c.read = function (out: Uint8Array, off: number, max: number): number {
    let got = 0;
    try {
      while (got < max && c.appLen > 0) {
        const n = Math.min(c.appLen, max - got);
        out.set(c.inb.subarray(c.appOff, c.appOff + n), off + got);
        c.appOff += n;
        c.appLen -= n;
        got += n;
        if (c.appLen === 0) processInput(c);
      }
    } catch (e) {
      fail(e);
    }
    release();
    return got;
  };
  c.close = function (): void {
    if (c.closeSent || ended()) return;
    try {
      sendAlert(c, CLOSE_NOTIFY);
      step(c, 'close_notify', 'sent', 2);
    } catch (e) {
      fail(e);
    }
    c.closeSent = true;
    if (!ended()) c.state = c.gotClose ? 'closed' : 'closing';
    release();
  };
  c.keyUpdate = function (peer: boolean): void {
    if (c.state !== 'open' || c.closeSent || (boardHas('tls12') && c.version !== 0x0304)) return;
    try {
      sendKeyUpdate(c, peer);
    } catch (e) {
      fail(e);
    }
    release();
  };
  c.info = function (): ConnectionInfo | null {
    if (!c.hsDone || !c.suite) return null;
    return {
      version: boardHas('tls12') && c.version === 0x0303 ? 'TLSv1.2' : 'TLSv1.3', suite: c.suite.name, group: c.group || null,
      alpn: c.alpn, serverName: (boardHas('server') && !c.isClient ? c.serverName : config.serverName) || null, resumed: !!c.resumed,
      earlyDataAccepted: !!c.earlyOk, peerChain: c.peerChain, peerKey: c.peerKey, recordSizeLimit: c.sendLimit,
    };
  };
  c.session = function (): SessionState | null {
    return c.saved;
  };
  try {
    const v = config.versions;
    // (a bundle without TLS 1.2 takes only TLSv1.3)
    if (v && v.indexOf('TLSv1.3') < 0 && (!boardHas('tls12') || v.indexOf('TLSv1.2') < 0)) {
      throw tlsError(PROTOCOL_VERSION, 'versions ' + v + ': only ' + (boardHas('tls12') ? 'TLSv1.3 and TLSv1.2' : 'TLSv1.3') + ' here');
    }
    // an option this build cannot honour fails here, before anything is sent (boardHas folds to
    // a constant: each test vanishes from the bundles that have the feature)
    if (!boardHas('keylog') && config.keylog) throw notInBuild('keylog');
    if (c.isClient) {
      if (!boardHas('early-data') && config.earlyData) throw notInBuild('earlyData (0-RTT)');
      if (!boardHas('client-auth') && (config.certChain || config.privateKey)) throw notInBuild('a client certificate');
      clientStart(c);
    }
    else serverStart(c);
  } catch (e) {
    fail(e);
  }
  release();
  return c;
}
