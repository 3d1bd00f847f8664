// The script a runner appends to a board's bundle: it runs `microtls connect` inside the device
// engine with the board's own HAL, and talks to the host runner over a line channel:
//   device -> host: R <board> (ready for input), O <hex> (bytes for stdout), T <json> (a handshake step: name, direction,
//                   bytes, ms since start, memory), I <json> (connection info), E <text> (error),
//                   X <code> (finished)
//                   A (an input line was taken)
//   host -> device: I <hex> (bytes from stdin), C (stdin ended)
// How lines travel is the engine's: the emulator's __emu.send / setChannel, or Espruino's
// console (print out, REPL calls of __in(kind, text) in, with echo off). ES5 throughout.

/** The connect options a runner takes (a subset of the CLI's: what a device can do). */
export function deviceConfig({ host, port, servername, ca, insecure, alpn, psk, pskModes, trace, maxRecordSize, plain }) {
  const cfg = { host, port, trace: Boolean(trace) };
  if (servername) cfg.servername = servername;
  if (ca) cfg.ca = ca;
  if (insecure) cfg.insecure = true;
  if (alpn) cfg.alpn = alpn;
  if (psk) cfg.psk = { identity: psk.identity, key: psk.key };
  // ['psk_ke']: resumption without any public-key work, what a slow device wants.
  if (pskModes) cfg.pskModes = pskModes;
  if (maxRecordSize) cfg.maxRecordSize = maxRecordSize;
  if (plain) cfg.plain = true;
  return cfg;
}

const BODY = `
function (cfg, io) {
  var hex = '0123456789abcdef';
  function toHex(u8) {
    var s = '';
    for (var i = 0; i < u8.length; i++) s += hex.charAt(u8[i] >> 4) + hex.charAt(u8[i] & 15);
    return s;
  }
  function fromHex(s) {
    var u8 = new Uint8Array(s.length >> 1);
    for (var i = 0; i < u8.length; i++) u8[i] = parseInt(s.substr(2 * i, 2), 16);
    return u8;
  }
  // Output in pieces of at most 256 bytes: one long hex string at once is what a device with
  // little memory cannot afford (Espruino ran out of variables on 3000 bytes in one event).
  function sendBytes(u8) {
    for (var at = 0; at < u8.length; at += 256) io.send('O', toHex(u8.subarray(at, Math.min(u8.length, at + 256))));
  }
  function text(s) {
    var u8 = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) u8[i] = s.charCodeAt(i) & 255;
    return u8;
  }
  var finished = false;
  function finish(code, e) {
    if (finished) return;
    finished = true;
    if (e) io.send('E', String(e.message || e));
    io.send('X', String(code));
  }
  if (typeof microtls.createHal !== 'function') { finish(2, 'this bundle has no HAL (board ' + microtls.board.name + ')'); return; }
  var hal;
  try { hal = microtls.createHal(); } catch (e) { finish(1, e); return; }
  var t0 = Date.now();
  function memory() {
    var m = { bytes: hal.memory() };
    if (hal.vars) { var v = hal.vars(); m.vars = v.usage; m.total = v.total; }
    return m;
  }
  function step(name, direction, bytes) {
    if (!cfg.trace) return;
    var m = memory();
    io.send('T', JSON.stringify({ name: name, direction: direction, bytes: bytes, ms: Math.round(Date.now() - t0), memory: m.bytes, vars: m.vars }));
  }
  var sock = null;
  var queued = [];
  var ended = false;
  io.send('R', microtls.board.name);
  io.receive(function (kind, data) {
    if (kind === 'I') {
      var u8 = fromHex(data);
      if (sock) sock.write(u8); else queued.push(u8);
    } else if (kind === 'C') {
      ended = true;
      if (sock) sock.end();
    }
    // Flow control: the host sends the next piece after this acknowledgement (Espruino's
    // console input queue is small and drops what overflows it).
    io.send('A', '');
  });
  if (cfg.plain) {
    // Plain TCP through the HAL: checks the runner's plumbing (bundle, HAL, sockets, channel)
    // without TLS.
    step('tcp connect', 'local', 0);
    hal.net.connect(cfg.host, cfg.port, function (s) {
      step('tcp connected', 'local', 0);
      sock = { write: function (d) { s.write(d); }, end: function () { s.end(); } };
      s.onData(function (d) { sendBytes(d); });
      s.onClose(function (e) { step('tcp closed', 'local', 0); finish(e ? 1 : 0, e); });
      for (var i = 0; i < queued.length; i++) s.write(queued[i]);
      if (ended) s.end();
    }, function (e) { finish(1, e); });
    return;
  }
  if (typeof microtls.connect !== 'function') { finish(2, 'this bundle has no connect() yet (board ' + microtls.board.name + ')'); return; }
  var opts = { hal: hal, host: cfg.host, port: cfg.port };
  if (hal.provider) opts.provider = hal.provider;
  // The engine itself, where the API's default factory is not wired to it.
  if (typeof microtls.createEngine === 'function') opts.createEngine = microtls.createEngine;
  if (cfg.servername) opts.servername = cfg.servername;
  // Anchors parsed here when the bundle has the X.509 module's parser (the API may not yet).
  if (cfg.ca) opts.ca = typeof microtls.anchorsFromPem === 'function' ? microtls.anchorsFromPem(cfg.ca) : cfg.ca;
  if (cfg.insecure) opts.insecure = true;
  if (cfg.alpn) opts.alpn = cfg.alpn;
  if (cfg.psk) opts.psk = cfg.psk;
  if (cfg.pskModes) opts.pskModes = cfg.pskModes;
  if (cfg.maxRecordSize) opts.maxRecordSize = cfg.maxRecordSize;
  else if (microtls.board.maxRecordSize < 16384) opts.maxRecordSize = microtls.board.maxRecordSize;
  opts.onStep = function (s) { step(s.name, s.direction, s.bytes); };
  var failure = null;
  var tls;
  step('tcp connect', 'local', 0);
  try { tls = microtls.connect(opts); } catch (e) { finish(1, e); return; }
  tls.on('secureConnect', function () {
    var i = tls.info();
    if (i) io.send('I', JSON.stringify({ version: i.version, suite: i.suite, group: i.group, alpn: i.alpn, resumed: i.resumed, ms: Math.round(Date.now() - t0), memory: memory().bytes }));
    // Input waits for the handshake here rather than in the API's own queue.
    sock = tls;
    for (var k = 0; k < queued.length; k++) tls.write(queued[k]);
    queued = [];
    if (ended) tls.end();
  });
  tls.on('data', function (d) { sendBytes(typeof d === 'string' ? text(d) : d); });
  tls.on('error', function (e) { if (!failure) failure = e; });
  tls.on('close', function () {
    // As the host CLI: a close without close_notify may have cut the data short, unless our
    // side had ended its input first.
    if (!failure && !ended && !tls.cleanClose()) failure = 'connection closed by the peer without close_notify';
    finish(failure ? 1 : 0, failure);
  });
}`;

/** The device script for the emulator: the channel is the __emu bridge. */
export function emulatorScript(cfg) {
  return `(${BODY})(${JSON.stringify(cfg)}, {
  send: function (kind, text) { __emu.send(kind, text); if (kind === 'X') __emu.exit(Number(text)); },
  receive: function (fn) { __emu.setChannel(fn); }
});\n`;
}

/** The device script for Espruino: lines on the console, input as REPL calls of __in. */
export function espruinoScript(cfg) {
  return `echo(0);
(${BODY})(${JSON.stringify(cfg)}, {
  send: function (kind, text) {
    print('@@' + kind + ' ' + text);
    // quit() only works from a callback: the exit comes on the next turn of the event loop.
    if (kind === 'X') setTimeout(function () { quit(); }, 10);
  },
  receive: function (fn) { global.__in = fn; }
});\n`;
}

/** A trace line as the CLI prints it: time, direction, step, bytes, memory. */
export function traceLine(prefix, t, showVars = true) {
  const arrow = t.direction === 'sent' ? '>' : t.direction === 'received' ? '<' : '=';
  const mem = showVars && t.vars !== undefined && t.vars !== null ? `${t.vars} vars, ${t.memory} bytes` : `${t.memory} bytes`;
  return `${prefix}${String(t.ms).padStart(7)} ms ${arrow} ${t.name}${t.bytes ? ` (${t.bytes} bytes)` : ''}  [RAM ${mem}]`;
}
