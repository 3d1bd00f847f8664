// ES5, run inside each engine after the bundle (test/tls12-engines.test.mjs prepends P256_HEX,
// P256_KEY, RSA_HEX and RSA_KEY): TLS 1.2 client and server engines complete handshakes in memory
// (ECDHE with ECDSA, RSA key exchange with CBC), input split at every byte, exchange data, resume
// by ticket and by session ID, refuse a garbled record, and close.
var m = microtls;
var passed = 0;
var failed = 0;
function check(name, cond, extra) {
  if (cond) { passed++; print('ok - ' + name); } else { failed++; print('not ok - ' + name + (extra ? ' ' + extra : '')); }
}
// a fixed generator: this is a test of the protocol, never a source of secrets
var seed = 4242;
var random = { fill: function (out) {
  for (var i = 0; i < out.length; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    out[i] = Math.floor(seed / 65536) & 255;
  }
} };
var clock = { now: function () { return 1700000000; } };
var ids = {
  p256: { chain: [m.fromHex(P256_HEX)], key: m.parsePrivateKey(P256_KEY) },
  rsa: { chain: [m.fromHex(RSA_HEX)], key: m.parsePrivateKey(RSA_KEY) }
};
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
var cases = [
  { suite: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', id: 'p256', chunk: 1 },
  { suite: 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', id: 'p256', chunk: 3 },
  { suite: 'TLS_RSA_WITH_AES_128_CBC_SHA256', id: 'rsa', chunk: 7 }
];
var session = null;
for (var k = 0; k < cases.length; k++) {
  var cs = cases[k];
  var steps = [];
  var client = m.createEngine({ role: 'client', random: random, clock: clock, insecure: true, serverName: 'localhost',
    suites: [cs.suite], alpn: ['mqtt'], onStep: function (s) { steps.push(s.name); } });
  var server = m.createEngine({ role: 'server', random: random, clock: clock, certChain: ids[cs.id].chain,
    privateKey: ids[cs.id].key, ticketStore: store, alpn: ['mqtt'] });
  pump(client, server, cs.chunk);
  check(cs.suite + ': client open', client.state === 'open', errOf(client));
  check(cs.suite + ': server open', server.state === 'open', errOf(server));
  var info = client.info();
  check(cs.suite + ': TLS 1.2, suite and ALPN', info !== null && info.version === 'TLSv1.2' && info.suite === cs.suite &&
    info.alpn === 'mqtt');
  check(cs.suite + ': steps', steps.join(',').indexOf('premaster secret') >= 0 && steps.join(',').indexOf('session keys') >= 0);
  var msg = text('hello device');
  client.write(msg, 0, msg.length);
  pump(client, server, 1);
  check(cs.suite + ': server reads', readText(server) === 'hello device');
  msg = text('hello cloud');
  server.write(msg, 0, msg.length);
  pump(client, server, 2);
  check(cs.suite + ': client reads', readText(client) === 'hello cloud', errOf(client));
  client.close();
  server.close();
  pump(client, server, 5);
  check(cs.suite + ': closed', client.state === 'closed' && server.state === 'closed');
  if (k === 0) session = client.session();
}

check('session with a ticket', session !== null && session.ticket.length > 0);
var byTicket = session;
var byId = { version: session.version, suite: session.suite, ticket: new Uint8Array(0), secret: session.secret,
  ageAdd: 0, lifetime: session.lifetime, issued: session.issued, maxEarlyData: 0, alpn: session.alpn,
  serverName: session.serverName, sessionId: session.sessionId, extendedMasterSecret: true };
var resumptions = [['ticket', byTicket], ['session ID', byId]];
for (var r = 0; r < resumptions.length; r++) {
  var rc = m.createEngine({ role: 'client', random: random, clock: clock, insecure: true, serverName: 'localhost',
    suites: ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'], alpn: ['mqtt'], session: resumptions[r][1] });
  var rs = m.createEngine({ role: 'server', random: random, clock: clock, certChain: ids.p256.chain, privateKey: ids.p256.key,
    ticketStore: store, alpn: ['mqtt'] });
  pump(rc, rs, 1);
  check('resumed by ' + resumptions[r][0], rc.state === 'open' && rc.info() !== null && rc.info().resumed &&
    rs.info() !== null && rs.info().resumed, errOf(rc) + errOf(rs));
}

// engines hold their buffers until closed or dropped: drop these (JerryScript's heap is small)
client = null;
server = null;
rc = null;
rs = null;

// hostile: a bad record MAC after the handshake is a typed error, not an exception
var hc = m.createEngine({ role: 'client', random: random, clock: clock, insecure: true, versions: ['TLSv1.2'] });
var hs = m.createEngine({ role: 'server', random: random, clock: clock, certChain: ids.p256.chain, privateKey: ids.p256.key });
pump(hc, hs, 4096);
msg = text('tampered');
hc.write(msg, 0, msg.length);
var n = hc.pull(buf, 0, buf.length);
buf[n - 1] ^= 1;
hs.feed(buf, 0, n);
check('bad record MAC: bad_record_mac', hs.state === 'failed' && hs.error.name === 'TlsError' && hs.error.alert === 20, errOf(hs));

print(passed + ' passed, ' + failed + ' failed');
