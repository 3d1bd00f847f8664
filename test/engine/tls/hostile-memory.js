// ES5, after the bundle (test/tls-hostile-memory.test.mjs prepends P256_HEX, P256_KEY and ROUNDS):
// ROUNDS rounds of hostile input, each on fresh engines without public-key work: a TLS 1.3
// external-PSK (psk_ke) handshake and a TLS 1.2 ticket resumption whose next record is tampered
// with (bad_record_mac), garbage as a server's first bytes, and a truncated flight followed by a
// close. Every refusal must be a typed error naming an alert. Run with different ROUNDS, QuickJS's
// memory counters at the end show whether failures leave memory behind.
var m = microtls;
var seed = 777;
var random = { fill: function (out) {
  for (var i = 0; i < out.length; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    out[i] = Math.floor(seed / 65536) & 255;
  }
} };
var clock = { now: function () { return 1700000000; } };
var buf = new Uint8Array(20000);
var bad = [];
var psk = { identity: m.fromHex('6465766963653031'), key: m.fromHex('000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f') };
var chain = [m.fromHex(P256_HEX)];
var key = m.parsePrivateKey(P256_KEY);
// A small store: it fills within a few rounds, so a run of 100 and one of 1,000 end with it equally full.
var store = m.createTicketStore(random, 16);

function pump(a, b) {
  for (var round = 0; round < 50; round++) {
    var moved = false;
    var pairs = [[a, b], [b, a]];
    for (var p = 0; p < 2; p++) {
      while (pairs[p][0].pending() > 0 && pairs[p][1].state !== 'failed') {
        var n = pairs[p][0].pull(buf, 0, buf.length);
        var off = 0;
        while (off < n && pairs[p][1].state !== 'failed') {
          var took = pairs[p][1].feed(buf, off, n - off);
          if (took === 0) break;
          off += took;
        }
        moved = true;
      }
    }
    if (!moved) return;
  }
}

function typedFailure(e, alert, what) {
  if (e.state !== 'failed' || !e.error || e.error.name !== 'TlsError' || typeof e.error.alert !== 'number' ||
    (alert >= 0 && e.error.alert !== alert) || (alert < 0 && e.error.alert <= 0)) {
    bad.push(what + ': ' + e.state + ' ' + (e.error ? e.error.name + ' ' + e.error.alert + ' ' + e.error.message : 'no error'));
  }
}

function tamperedRecord(client, server, what) {
  var msg = m.fromHex('68656c6c6f');
  client.write(msg, 0, msg.length);
  var n = client.pull(buf, 0, buf.length);
  buf[n - 1] ^= 0x40;
  server.feed(buf, 0, n);
  typedFailure(server, 20, what);
}

// A TLS 1.2 session to resume, from one full handshake (the only public-key work in the script).
var c0 = m.createEngine({ role: 'client', random: random, clock: clock, insecure: true, versions: ['TLSv1.2'],
  suites: ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'] });
var s0 = m.createEngine({ role: 'server', random: random, clock: clock, certChain: chain, privateKey: key, ticketStore: store });
pump(c0, s0);
var session12 = c0.session();
if (c0.state !== 'open' || session12 === null) bad.push('TLS 1.2 setup: ' + c0.state);
c0 = null;
s0 = null;

for (var r = 0; r < ROUNDS; r++) {
  // TLS 1.3, external PSK without (EC)DHE, then a record with a flipped tag bit.
  var c = m.createEngine({ role: 'client', random: random, clock: clock, psk: psk, pskModes: ['psk_ke'], maxRecordSize: 4096 });
  var s = m.createEngine({ role: 'server', random: random, clock: clock, psk: psk, pskModes: ['psk_ke'], maxRecordSize: 4096 });
  pump(c, s);
  if (c.state !== 'open') bad.push('1.3 PSK handshake ' + r + ': ' + c.state);
  else tamperedRecord(c, s, '1.3 tampered record ' + r);

  // TLS 1.2, resumed by ticket, then the same.
  c = m.createEngine({ role: 'client', random: random, clock: clock, insecure: true, versions: ['TLSv1.2'],
    suites: ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'], session: session12 });
  s = m.createEngine({ role: 'server', random: random, clock: clock, certChain: chain, privateKey: key, ticketStore: store });
  pump(c, s);
  if (c.state !== 'open' || !c.info().resumed) bad.push('1.2 resumption ' + r + ': ' + c.state);
  else tamperedRecord(c, s, '1.2 tampered record ' + r);

  // Garbage where a server expects a ClientHello: a whole ClientHello message of random bytes.
  s = m.createEngine({ role: 'server', random: random, clock: clock, certChain: chain, privateKey: key, ticketStore: store });
  var junk = new Uint8Array(5 + 200);
  random.fill(junk);
  junk[0] = 22; junk[1] = 3; junk[2] = 1; junk[3] = 0; junk[4] = 200;
  junk[5] = 1; junk[6] = 0; junk[7] = 0; junk[8] = 196;
  s.feed(junk, 0, junk.length);
  typedFailure(s, -1, 'garbage ClientHello ' + r);

  // A client whose server flight stops halfway and is then closed on.
  c = m.createEngine({ role: 'client', random: random, clock: clock, psk: psk, pskModes: ['psk_ke'] });
  s = m.createEngine({ role: 'server', random: random, clock: clock, psk: psk, pskModes: ['psk_ke'] });
  var n = c.pull(buf, 0, buf.length);
  s.feed(buf, 0, n);
  n = s.pull(buf, 0, buf.length);
  c.feed(buf, 0, n >> 1);
  if (c.state !== 'handshaking') bad.push('truncated flight ' + r + ': ' + c.state);
  c.close();
  c = null;
  s = null;
}
for (var b = 0; b < bad.length && b < 5; b++) print('not ok - ' + bad[b]);
print((bad.length === 0 ? 'ok' : 'not ok') + ' - ' + ROUNDS + ' rounds of hostile input, every refusal typed');
print((bad.length === 0 ? 1 : 0) + ' passed, ' + (bad.length === 0 ? 0 : 1) + ' failed');
