// ES5, after the bundle (test/tls-engines.test.mjs prepends CERT_HEX, KEY_PEM and RECORDS): one
// handshake with 4 KB records, then RECORDS application records each way, read back and checked.
// Run with different RECORDS, QuickJS's memory counters at the end show whether records retain
// memory.
var m = microtls;
var seed = 99;
var random = { fill: function (out) {
  for (var i = 0; i < out.length; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    out[i] = Math.floor(seed / 65536) & 255;
  }
} };
var clock = { now: function () { return 1700000000; } };
var client = m.createEngine({ role: 'client', random: random, clock: clock, insecure: true, maxRecordSize: 4096,
  suites: ['TLS_CHACHA20_POLY1305_SHA256'] });
var server = m.createEngine({ role: 'server', random: random, clock: clock, certChain: [m.fromHex(CERT_HEX)],
  privateKey: m.parsePrivateKey(KEY_PEM), maxRecordSize: 4096 });
var wire = new Uint8Array(8192);
var data = new Uint8Array(4096);
var back = new Uint8Array(4096);
for (var i = 0; i < data.length; i++) data[i] = i & 255;
function move(a, b) {
  while (a.pending() > 0) {
    var n = a.pull(wire, 0, wire.length);
    var off = 0;
    while (off < n) off += b.feed(wire, off, n - off);
  }
}
for (var r = 0; r < 4; r++) { move(client, server); move(server, client); }
var bad = 0;
for (var k = 0; k < RECORDS; k++) {
  var from = (k & 1) ? server : client;
  var to = (k & 1) ? client : server;
  data[0] = k & 255;
  if (from.write(data, 0, 4096) !== 4096) bad++;
  move(from, to);
  if (to.read(back, 0, 4096) !== 4096 || back[0] !== (k & 255) || back[4095] !== 255) bad++;
}
print((client.state === 'open' && server.state === 'open' && bad === 0 ? 'ok' : 'not ok') + ' - ' + RECORDS +
  ' records of 4 KB (' + bad + ' bad)');
print((bad === 0 && client.state === 'open' ? 1 : 0) + ' passed, ' + (bad === 0 && client.state === 'open' ? 0 : 1) + ' failed');
