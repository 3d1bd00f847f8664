// ES5, run inside each engine after the bundle (test/tls-engines.test.mjs prepends CERT_HEX and
// KEY_PEM): a client and a server engine complete TLS 1.3 handshakes in memory, input split at
// every byte, exchange data, resume with a ticket (psk_ke) and close.
var m = microtls;
var passed = 0;
var failed = 0;
function check(name, cond, extra) {
  if (cond) { passed++; print('ok - ' + name); } else { failed++; print('not ok - ' + name + (extra ? ' ' + extra : '')); }
}
// a fixed generator: this is a test of the protocol, never a source of secrets
var seed = 12345;
var random = { fill: function (out) {
  for (var i = 0; i < out.length; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    out[i] = Math.floor(seed / 65536) & 255;
  }
} };
var clock = { now: function () { return 1700000000; } };
var chain = [m.fromHex(CERT_HEX)];
var key = m.parsePrivateKey(KEY_PEM);
var buf = new Uint8Array(20000);
var got = new Uint8Array(4096);

function pump(a, b, chunk) {
  for (var round = 0; round < 100; round++) {
    var moved = false;
    var pairs = [[a, b], [b, a]];
    for (var p = 0; p < 2; p++) {
      var from = pairs[p][0];
      var to = pairs[p][1];
      while (from.pending() > 0) {
        var n = from.pull(buf, 0, chunk);
        var off = 0;
        while (off < n) off += to.feed(buf, off, n - off);
        moved = true;
      }
    }
    if (!moved) return;
  }
}

function text(s) {
  var b = new Uint8Array(s.length);
  for (var i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

function readText(e) {
  var n = e.read(got, 0, got.length);
  var s = '';
  for (var i = 0; i < n; i++) s += String.fromCharCode(got[i]);
  return s;
}

function errOf(e) {
  return e.error ? e.error.message : '';
}

var store = m.createTicketStore(random);
var suites = ['TLS_AES_128_GCM_SHA256', 'TLS_CHACHA20_POLY1305_SHA256'];
var session = null;
for (var k = 0; k < suites.length; k++) {
  var client = m.createEngine({ role: 'client', random: random, clock: clock, insecure: true, serverName: 'localhost',
    suites: [suites[k]], alpn: ['mqtt'], maxRecordSize: k === 0 ? 16384 : 2048 });
  var server = m.createEngine({ role: 'server', random: random, clock: clock, certChain: chain, privateKey: key,
    ticketStore: store, alpn: ['mqtt'] });
  pump(client, server, k === 0 ? 1 : 4096);
  check(suites[k] + ': client open', client.state === 'open', errOf(client));
  check(suites[k] + ': server open', server.state === 'open', errOf(server));
  check(suites[k] + ': suite and ALPN', client.info() !== null && client.info().suite === suites[k] && client.info().alpn === 'mqtt');
  var msg = text('hello device');
  client.write(msg, 0, msg.length);
  pump(client, server, 1);
  check(suites[k] + ': server reads', readText(server) === 'hello device');
  server.keyUpdate(true);
  pump(client, server, 3);
  msg = text('hello cloud');
  server.write(msg, 0, msg.length);
  pump(client, server, 2);
  check(suites[k] + ': client reads after KeyUpdate', readText(client) === 'hello cloud', errOf(client));
  client.close();
  server.close();
  pump(client, server, 5);
  check(suites[k] + ': closed', client.state === 'closed' && server.state === 'closed');
  session = client.session();
}

check('ticket received', session !== null);
var rc = m.createEngine({ role: 'client', random: random, clock: clock, insecure: true, serverName: 'localhost',
  session: session, pskModes: ['psk_ke'] });
var rs = m.createEngine({ role: 'server', random: random, clock: clock, certChain: chain, privateKey: key, ticketStore: store });
pump(rc, rs, 1);
check('psk_ke resumption open', rc.state === 'open' && rs.state === 'open', errOf(rc) + errOf(rs));
check('psk_ke resumption resumed', rc.info() !== null && rc.info().resumed && rc.info().group === null);

// hostile: a garbled record gets a typed error, not an exception
var bad = m.createEngine({ role: 'server', random: random, clock: clock, certChain: chain, privateKey: key });
var junk = new Uint8Array([22, 3, 1, 0, 5, 1, 0, 0, 1, 9]);
bad.feed(junk, 0, junk.length);
check('garbled ClientHello: decode_error', bad.state === 'failed' && bad.error.name === 'TlsError' && bad.error.alert === 50, errOf(bad));

print(passed + ' passed, ' + failed + ' failed');
