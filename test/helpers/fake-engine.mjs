// A stand-in for the TLS engine with the same contract (src/tls/types.ts) and a trivial wire
// format: frames of [type, length (2 bytes), payload], type 0 hello, 1 data, 2 close, 3 alert.
// It lets the socket API be tested over real sockets without the TLS engine, including input
// taken in pieces (feed accepts at most `feedLimit` bytes per call).
export function fakeEngineFactory({ feedLimit = 100, failWith = null, configs = [] } = {}) {
  return function createEngine(config) {
    configs.push(config);
    const out = [];
    let inBuf = Buffer.alloc(0);
    let readBuf = Buffer.alloc(0);
    const frame = (type, payload = Buffer.alloc(0)) => {
      out.push(Buffer.concat([Buffer.from([type, payload.length >> 8, payload.length & 255]), payload]));
    };
    const e = {
      state: 'handshaking',
      error: null,
      feed(data, off, len) {
        const n = Math.min(len, feedLimit);
        inBuf = Buffer.concat([inBuf, Buffer.from(data.subarray(off, off + n))]);
        while (inBuf.length >= 3 && inBuf.length >= 3 + inBuf.readUInt16BE(1)) {
          const type = inBuf[0];
          const payload = inBuf.subarray(3, 3 + inBuf.readUInt16BE(1));
          inBuf = inBuf.subarray(3 + payload.length);
          if (type === 0) {
            if (config.role === 'server') {
              if (failWith) {
                frame(3, Buffer.from(failWith));
                e.state = 'failed';
                e.error = Object.assign(new Error(`handshake_failure (40) sent: ${failWith}`), { name: 'TlsError', code: 'refused', alert: 40 });
                return n;
              }
              frame(0);
            }
            e.state = 'open';
          } else if (type === 1) readBuf = Buffer.concat([readBuf, payload]);
          else if (type === 2) e.state = e.state === 'closing' ? 'closed' : 'closing';
          else if (type === 3) {
            e.state = 'failed';
            e.error = Object.assign(new Error(`handshake_failure (40) received: ${payload}`), { name: 'TlsError', code: 'alert', alert: 40 });
          }
        }
        return n;
      },
      pending: () => out.reduce((a, b) => a + b.length, 0),
      pull(buf, off, max) {
        const all = Buffer.concat(out);
        out.length = 0;
        const n = Math.min(max, all.length);
        buf.set(all.subarray(0, n), off);
        if (n < all.length) out.push(all.subarray(n));
        return n;
      },
      write(data, off, len) {
        // Like TLS, a side may still send after the peer's close (half-close), not after its own.
        if (e.state !== 'open' && !(e.state === 'closing' && !e.sentClose)) return 0;
        const n = Math.min(len, 1000);
        frame(1, Buffer.from(data.subarray(off, off + n)));
        return n;
      },
      read(buf, off, max) {
        const n = Math.min(max, readBuf.length);
        buf.set(readBuf.subarray(0, n), off);
        readBuf = readBuf.subarray(n);
        return n;
      },
      close() {
        e.sentClose = true;
        frame(2);
        e.state = e.state === 'closing' ? 'closed' : 'closing';
      },
      keyUpdate() {},
      info: () => (e.state === 'handshaking' ? null : { version: 'fake', suite: 'none', alpn: null }),
      session: () => null,
    };
    if (config.role === 'client') frame(0);
    return e;
  };
}
