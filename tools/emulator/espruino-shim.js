// Evaluated inside the emulator's QuickJS when the board's runtime is Espruino: the globals an
// Espruino ESP32 firmware gives scripts, answered by the host. peek32 reads the emulated RNG
// register (host randomness at the profile's address, nothing else is mapped); require("net")
// is Espruino's socket module (8-bit strings) over host sockets; require("crypto") is the
// emulated accelerator (one-shot SHA, AES-ECB) with the host computing; process.memory() reports
// QuickJS's count in Espruino's units. ES5.
(function (g) {
  var emu = g.__emu;
  var BLOCK = 14;

  function bytesToString(u8) {
    var out = '';
    for (var i = 0; i < u8.length; i += 4096) {
      out += String.fromCharCode.apply(null, u8.subarray(i, Math.min(u8.length, i + 4096)));
    }
    return out;
  }
  function stringToBytes(s) {
    var u8 = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) u8[i] = s.charCodeAt(i) & 255;
    return u8;
  }
  function toBuffer(data) {
    if (typeof data === 'string') return stringToBytes(data).buffer;
    if (data instanceof ArrayBuffer) return data;
    var u8 = new Uint8Array(data.length);
    u8.set(data);
    return u8.buffer;
  }

  g.peek32 = function (address) { return emu.peek32(address); };
  g.getTime = function () { return emu.now() / 1000; };
  g.E = {
    toString: function (data) { return typeof data === 'string' ? data : bytesToString(data); },
    toUint8Array: function (data) { return typeof data === 'string' ? stringToBytes(data) : new Uint8Array(data); },
    // There is no file system on the emulated board.
    openFile: function () { return undefined; },
    hwRand: function () { throw new Error('E.hwRand() is not emulated: it is not a secure RNG on ESP32'); },
  };
  g.process = {
    env: { VERSION: '2v29 (emulated)', BOARD: 'ESP32' },
    memory: function () {
      var total = Math.floor(emu.budget() / BLOCK);
      var usage = Math.ceil(emu.memory() / BLOCK);
      return { free: total - usage, usage: usage, total: total, history: 0, gc: 0, gctime: 0, blocksize: BLOCK };
    },
  };

  // Espruino-style event emitters for connections and servers.
  function emitter(o) {
    var handlers = {};
    o.on = function (event, fn) { (handlers[event] = handlers[event] || []).push(fn); return o; };
    o.emit = function (event, arg) {
      var list = handlers[event] || [];
      for (var i = 0; i < list.length; i++) list[i](arg);
    };
    return o;
  }

  var objects = {};
  var nextId = 1;
  emu.setDispatcher(function (id, event, data) {
    var o = objects[id];
    if (!o) return;
    if (event === 'open') o.emit('connect');
    else if (event === 'data') o.emit('data', bytesToString(new Uint8Array(data)));
    else if (event === 'close') {
      delete objects[id];
      if (data !== null && data !== undefined) o.emit('error', { type: 'socket', code: -1, message: String(data) });
      o.emit('close', data !== null && data !== undefined);
    } else if (event === 'error') {
      delete objects[id];
      o.emit('error', { type: 'connect', code: -1, message: String(data) });
      o.emit('close', true);
    } else if (event === 'accept') {
      o.emit('connection', connection(data));
    } else if (event === 'listening') o.emit('listening');
  });

  function connection(id) {
    var c = emitter({});
    objects[id] = c;
    c.write = function (data) {
      var buf = toBuffer(data);
      emu.write(id, buf, 0, buf.byteLength);
      return true;
    };
    c.end = function (data) {
      if (data !== undefined) c.write(data);
      emu.end(id);
    };
    return c;
  }

  var net = {
    connect: function (options, cb) {
      var id = nextId++;
      var c = connection(id);
      if (cb) c.on('connect', cb);
      emu.connect(id, options.host, options.port);
      return c;
    },
    createServer: function (cb) {
      var id = nextId++;
      var s = emitter({});
      if (cb) s.on('connection', cb);
      s.listen = function (port) { objects[id] = s; emu.listen(id, port); return s; };
      s.close = function () { delete objects[id]; emu.unlisten(id); };
      return s;
    },
  };

  function hash(name) { return function (data) { return emu.hash(name, toBuffer(data)); }; }
  var crypto = {
    SHA1: hash('sha1'),
    SHA256: hash('sha256'),
    SHA384: hash('sha384'),
    SHA512: hash('sha512'),
    AES: {
      encrypt: function (data, key, options) { return emu.aes(true, toBuffer(data), toBuffer(key), (options && options.mode) || 'CBC', options && options.iv ? toBuffer(options.iv) : null); },
      decrypt: function (data, key, options) { return emu.aes(false, toBuffer(data), toBuffer(key), (options && options.mode) || 'CBC', options && options.iv ? toBuffer(options.iv) : null); },
    },
  };

  var modules = { net: net, crypto: crypto };
  g.require = function (name) {
    if (modules[name]) return modules[name];
    throw new Error('Module ' + name + ' not found');
  };
})(this);
