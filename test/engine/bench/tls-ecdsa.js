// TLS engine benchmarks with ECDSA P-256 certificates (ES5, after the bundle and bench/common.js): a client and a server engine
// in one process, bytes handed across in memory. BENCH_PKI (set by tools/bench.mjs) holds an
// ECDSA P-256 server certificate and key as PEM text. Randomness is a fixed xorshift stream:
// fine for timing, never for anything secret.
(function () {
  if (typeof BENCH_PKI === 'undefined') throw new Error('tls bench: BENCH_PKI missing (run it through tools/bench.mjs)');
  var seed = 0x9e3779b9;
  var random = { fill: function (out) {
    for (var i = 0; i < out.length; i++) {
      seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
      out[i] = seed & 255;
    }
  } };
  var clock = { now: function () { return 1767225600; } };
  var chain = microtls.pemDecode(BENCH_PKI.cert, 'CERTIFICATE');
  var key = microtls.parsePrivateKey(BENCH_PKI.key);
  var scratch = new Uint8Array(20000);

  var sink = new Uint8Array(16384);
  var received = 0;
  // Moves every pending byte from one engine to the other, reading the receiver's application
  // data whenever its input buffer is full (counted in `received`); true if anything moved.
  function move(from, to) {
    var moved = false, n, m;
    while ((n = from.pull(scratch, 0, scratch.length)) > 0) {
      var off = 0;
      while (off < n) {
        var took = to.feed(scratch, off, n - off);
        off += took;
        if (took === 0) {
          m = to.read(sink, 0, sink.length);
          if (m === 0) throw new Error('tls bench: receiver stalled in state ' + to.state + ' ' + to.error);
          received += m;
        }
      }
      moved = true;
    }
    while ((m = to.read(sink, 0, sink.length)) > 0) received += m;
    return moved;
  }

  function pair(opts) {
    var c = microtls.createEngine({ role: 'client', random: random, clock: clock, insecure: true, serverName: 'localhost',
      groups: [opts.group], suites: [opts.suite], maxRecordSize: opts.rec || 16384 });
    var sc = { role: 'server', random: random, clock: clock, certChain: chain, privateKey: key, groups: [opts.group],
      suites: [opts.suite], maxRecordSize: opts.rec || 16384 };
    var s = microtls.createEngine(sc);
    for (var i = 0; i < 20 && (c.state === 'handshaking' || s.state === 'handshaking'); i++) {
      if (!move(c, s) && !move(s, c)) break;
      move(s, c);
    }
    if (c.state !== 'open' || s.state !== 'open') {
      throw new Error('tls bench: handshake did not complete: ' + c.state + '/' + s.state + ' ' + (c.error || s.error));
    }
    move(s, c); // session tickets, if any
    return { c: c, s: s };
  }

  bench('tls13 handshake ecdsa-p256 x25519 aes128gcm', function () {
    pair({ group: 'x25519', suite: 'TLS_AES_128_GCM_SHA256' });
  }, { minMs: 1000 });
  bench('tls13 handshake ecdsa-p256 secp256r1 aes128gcm', function () {
    pair({ group: 'secp256r1', suite: 'TLS_AES_128_GCM_SHA256' });
  }, { minMs: 1000 });

  var suites = ['TLS_AES_128_GCM_SHA256', 'TLS_CHACHA20_POLY1305_SHA256'];
  var data = new Uint8Array(16384);
  for (var k = 0; k < data.length; k++) data[k] = k & 255;
  for (var j = 0; j < suites.length; j++) {
    (function (suite) {
      var p = pair({ group: 'x25519', suite: suite });
      bench('tls13 app data 64 KB ' + suite, function () {
        received = 0;
        for (var r = 0; r < 4; r++) {
          var off = 0;
          while (off < data.length) {
            var w = p.c.write(data, off, data.length - off);
            if (w === 0) throw new Error('tls bench: write refused in state ' + p.c.state);
            off += w;
            move(p.c, p.s);
          }
        }
        if (received !== 65536) throw new Error('tls bench: received ' + received + ' of 65536');
      }, { bytes: 65536 });
    })(suites[j]);
  }
})();
