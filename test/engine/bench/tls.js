// Benchmarks of the TLS 1.3 engine in memory, client and server in one engine: full handshakes
// (X25519 + Ed25519 certificate), PSK handshakes (psk_dhe_ke and psk_ke), and application-data
// throughput one way in 16 KB records. The certificate is test/fixtures/tls/ed25519.crt.
(function () {
  var M = microtls, i;
  var CERT = '308201593082010ba003020102021469bb37852be74898a4d6a589670a4233e0f5ce0b300506032b657030143112301006035504030c096c6f63616c686f7374301e170d3236313132323132353535375a170d3336313131393132353535375a30143112301006035504030c096c6f63616c686f7374302a300506032b6570032100cad5144a8327b7ef00214f786c1cb378b0fc5cd2606adf82ba0dae06eb7f5eb6a36f306d301d0603551d0e04160414807db9b9633fac488e78884b6314011cb0b44fbf301f0603551d23041830168014807db9b9633fac488e78884b6314011cb0b44fbf300f0603551d130101ff040530030101ff301a0603551d110413301182096c6f63616c686f737487047f000001300506032b65700341001b9183ebf1d35611836294dcc550043978d78d0392862cad15eadf751c39fe3ee0865e6bd67d90af299447a9d6c8d78ead029b45775bc3b05f75e71f3bcf4a0c';
  var KEY = '302e020100300506032b65700422042037b907366397bb1af4720114ad89fffb857d6cd5f5855caf23777bb477b283a6';
  var seed = 7;
  var random = { fill: function (out) {
    for (var j = 0; j < out.length; j++) { seed = (seed * 1103515245 + 12345) % 2147483648; out[j] = Math.floor(seed / 65536) & 255; }
  } };
  var clock = { now: function () { return 1700000000; } };
  var chain = [M.fromHex(CERT)];
  var key = M.parsePrivateKey(M.fromHex(KEY));
  var wire = new Uint8Array(40000);
  function move(a, b) {
    var moved = false;
    while (a.pending() > 0) {
      var n = a.pull(wire, 0, wire.length), off = 0;
      while (off < n) off += b.feed(wire, off, n - off);
      moved = true;
    }
    return moved;
  }
  function handshake(ccfg, scfg) {
    var c = M.createEngine(ccfg), s = M.createEngine(scfg);
    for (var r = 0; r < 6; r++) { move(c, s); move(s, c); }
    if (c.state !== 'open' || s.state !== 'open') throw new Error('handshake failed: ' + (c.error || s.error).message);
    return [c, s];
  }
  var cc = { role: 'client', random: random, clock: clock, insecure: true, serverName: 'localhost' };
  var sc = { role: 'server', random: random, clock: clock, certChain: chain, privateKey: key };
  bench('TLS 1.3 full handshake x25519 + ed25519', function () { handshake(cc, sc); }, { minMs: 1000 });
  var psk = { identity: M.fromHex('6465766963652d3137'), key: M.fromHex(CERT.substring(0, 64)) };
  bench('TLS 1.3 external PSK handshake psk_dhe_ke', function () {
    handshake({ role: 'client', random: random, clock: clock, psk: psk }, { role: 'server', random: random, clock: clock, psk: psk });
  }, { minMs: 1000 });
  bench('TLS 1.3 external PSK handshake psk_ke', function () {
    handshake({ role: 'client', random: random, clock: clock, psk: psk, pskModes: ['psk_ke'] },
      { role: 'server', random: random, clock: clock, psk: psk });
  }, { minMs: 1000 });
  var pair = handshake({ role: 'client', random: random, clock: clock, insecure: true, suites: ['TLS_AES_128_GCM_SHA256'] }, sc);
  var data = new Uint8Array(16384), back = new Uint8Array(16384);
  for (i = 0; i < data.length; i++) data[i] = i & 255;
  bench('TLS 1.3 AES-128-GCM record 16 KB write + read', function () {
    pair[0].write(data, 0, 16384);
    move(pair[0], pair[1]);
    pair[1].read(back, 0, 16384);
  }, { bytes: 16384 });
})();
