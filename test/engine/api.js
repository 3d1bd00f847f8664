// The socket API (connect/createServer) inside an engine, over a loopback HAL written here in ES5:
// sockets are queues of deliveries that run() empties, so it needs no timers (Duktape's and
// JerryScript's command-line tools have none). API_PKI (PEM text of a P-256 certificate and key)
// is set by the test that runs this script. Prints `N passed, M failed`.
(function () {
  var passed = 0, failed = 0;
  function check(name, ok, detail) {
    if (ok) { passed++; print('ok - ' + name); } else { failed++; print('not ok - ' + name + (detail ? ': ' + detail : '')); }
  }
  var seed = 0x12345678;
  var random = { fill: function (out) {
    for (var i = 0; i < out.length; i++) { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; out[i] = seed & 255; }
  } };
  var clock = { now: function () { return 1767225600; } };

  var queue = [];
  var listeners = {};
  function run() {
    for (var n = 0; queue.length > 0; n++) {
      if (n > 100000) throw new Error('loopback: no end to the deliveries');
      queue.shift()();
    }
  }
  function endpoint() {
    var e = { dataCb: null, closeCb: null, closed: false, peer: null };
    function closeBoth() {
      var sides = [e, e.peer];
      for (var i = 0; i < 2; i++) {
        if (!sides[i].closed) { sides[i].closed = true; if (sides[i].closeCb) sides[i].closeCb(null); }
      }
    }
    e.sock = {
      write: function (d) {
        if (e.closed) return;
        var copy = new Uint8Array(d.length);
        copy.set(d);
        queue.push(function () { if (!e.peer.closed && e.peer.dataCb) e.peer.dataCb(copy); });
      },
      end: function () { queue.push(closeBoth); },
      onData: function (cb) { e.dataCb = cb; },
      onClose: function (cb) { e.closeCb = cb; }
    };
    return e;
  }
  var net = {
    connect: function (host, port, onConnect, onError) {
      var accept = listeners[port];
      if (!accept) { queue.push(function () { onError('ECONNREFUSED (loopback)'); }); return; }
      var a = endpoint(), b = endpoint();
      a.peer = b; b.peer = a;
      queue.push(function () { accept(b.sock); onConnect(a.sock); });
    },
    listen: function (port, onSocket, onListening) {
      listeners[port] = onSocket;
      queue.push(function () { onListening(port); });
      return { close: function () { delete listeners[port]; } };
    }
  };
  var hal = { name: 'loopback', random: random, clock: clock, net: net, log: print, memory: function () { return -1; } };

  function text(chunks) {
    var s = '';
    for (var i = 0; i < chunks.length; i++) for (var k = 0; k < chunks[i].length; k++) s += String.fromCharCode(chunks[i][k]);
    return s;
  }

  // 1. A handshake, data both ways, close in order.
  var serverSide = { got: [], closed: false, ended: false, errors: [] };
  var server = microtls.createServer({ hal: hal, maxRecordSize: 2048, cert: API_PKI.cert, key: API_PKI.key, groups: ['secp256r1'], alpn: ['x-device'] },
    function (s) {
      s.on('data', function (d) { serverSide.got.push(d); s.write(d); });
      s.on('end', function () { serverSide.ended = true; });
      s.on('close', function () { serverSide.closed = true; });
    });
  server.on('tlsClientError', function (e) { serverSide.errors.push(e.message); });
  var port = -1;
  server.listen(443, function (p) { port = p; });
  run();
  check('the server listens', port === 443);

  var client = { secure: false, got: [], ended: false, closed: false, errors: [], events: [] };
  var c = microtls.connect({ hal: hal, maxRecordSize: 2048, host: 'device.local', port: 443, insecure: true, groups: ['secp256r1'], alpn: ['x-device'] },
    function () { client.secure = true; client.events.push('secureConnect'); });
  c.on('data', function (d) { client.got.push(d); });
  c.on('end', function () { client.ended = true; client.events.push('end'); });
  c.on('close', function (hadError) { client.closed = true; client.events.push('close ' + hadError); });
  c.on('error', function (e) { client.errors.push(e.message); });
  c.write('hello from the device');
  run();
  check('the handshake completes', client.secure, client.errors.join('; '));
  var info = c.info();
  check('TLS 1.3 with secp256r1 and the ALPN protocol', info !== null && info.version === 'TLSv1.3' && info.group === 'secp256r1' &&
    info.alpn === 'x-device', info ? info.version + ' ' + info.group + ' ' + info.alpn : 'no info');
  check('the server got the bytes', text(serverSide.got) === 'hello from the device', text(serverSide.got));
  check('the client got them back', text(client.got) === 'hello from the device', text(client.got));
  c.end();
  run();
  check('end: close_notify both ways, then close', client.ended && client.closed && serverSide.ended && serverSide.closed &&
    client.events.join(',') === 'secureConnect,end,close false', client.events.join(','));
  check('no errors', client.errors.length === 0 && serverSide.errors.length === 0, client.errors.concat(serverSide.errors).join('; '));

  // 2. No common cipher suite: an error naming the alert on both sides.
  var refused = [];
  var server2 = microtls.createServer({ hal: hal, maxRecordSize: 2048, cert: API_PKI.cert, key: API_PKI.key, suites: ['TLS_AES_128_GCM_SHA256'] });
  server2.on('tlsClientError', function (e) { refused.push('server: ' + e.message); });
  server2.listen(8443);
  var d2 = microtls.connect({ hal: hal, maxRecordSize: 2048, host: 'device.local', port: 8443, insecure: true, groups: ['secp256r1'],
    suites: ['TLS_CHACHA20_POLY1305_SHA256'] });
  d2.on('error', function (e) { refused.push('client: ' + e.message + ' alert ' + e.alert); });
  run();
  check('refused handshake: the client names the alert it received', refused.length === 2 &&
    /^client: handshake_failure \(40\) received/.test(refused[1]) && / alert 40$/.test(refused[1]), refused.join(' | '));
  check('refused handshake: the server names the alert it sent', /^server: handshake_failure \(40\) sent/.test(refused[0]), refused.join(' | '));

  // 3. Nobody listening.
  var e3 = [];
  var n = microtls.connect({ hal: hal, maxRecordSize: 2048, host: 'device.local', port: 9, insecure: true });
  n.on('error', function (e) { e3.push(e.message); });
  run();
  check('a refused connection is an error event', e3.length === 1 && e3[0].indexOf('cannot connect to device.local:9') === 0, e3.join('; '));

  print(passed + ' passed, ' + failed + ' failed');
})();
