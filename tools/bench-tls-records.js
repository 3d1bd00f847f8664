// Runs inside QuickJS after the generic bundle (tools/bench-tls.mjs): a client and a server
// engine with 4 KB records exchange 10,000 application records; mark(n) makes the host read the
// runtime's memory counters after n records. ES5.
(function () {
  var seed = 0x2545f491;
  var random = { fill: function (out) {
    for (var i = 0; i < out.length; i++) { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; out[i] = seed & 255; }
  } };
  var clock = { now: function () { return 1767225600; } };
  var c = microtls.createEngine({ role: 'client', random: random, clock: clock, insecure: true, maxRecordSize: 4096 });
  var s = microtls.createEngine({ role: 'server', random: random, clock: clock, maxRecordSize: 4096,
    certChain: microtls.pemDecode(BENCH_PKI.cert, 'CERTIFICATE'), privateKey: microtls.parsePrivateKey(BENCH_PKI.key) });
  var wire = new Uint8Array(8192);
  var sink = new Uint8Array(4096);
  var data = new Uint8Array(4096);
  function move(from, to) {
    var n;
    while ((n = from.pull(wire, 0, wire.length)) > 0) {
      var off = 0;
      while (off < n) {
        var took = to.feed(wire, off, n - off);
        off += took;
        if (took === 0 && to.read(sink, 0, sink.length) === 0) throw new Error('stalled: ' + to.state + ' ' + to.error);
      }
    }
    while (to.read(sink, 0, sink.length) > 0) { /* drain */ }
  }
  for (var i = 0; i < 10 && (c.state === 'handshaking' || s.state === 'handshaking'); i++) { move(c, s); move(s, c); }
  if (c.state !== 'open' || s.state !== 'open') throw new Error('handshake: ' + c.state + '/' + s.state + ' ' + (c.error || s.error));
  move(s, c);
  for (var r = 1; r <= 10000; r++) {
    var w = c.write(data, 0, data.length);
    if (w !== data.length) throw new Error('write took ' + w);
    move(c, s);
    if (r === 1 || r === 100 || r === 1000 || r === 5000 || r === 10000) mark(r);
  }
})();
