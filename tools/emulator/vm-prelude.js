// Evaluated inside the emulator's QuickJS before the bundle: timers over the host bridge (QuickJS
// has no event loop of its own). ES5, like everything that runs in the VM.
(function (g) {
  var emu = g.__emu;
  var timers = {};
  var nextTimer = 1;
  emu.setTimerDispatcher(function (id) {
    var t = timers[id];
    if (!t) return;
    if (t.repeat) emu.timer(id, t.ms);
    else delete timers[id];
    t.fn();
  });
  function add(fn, ms, repeat) {
    var id = nextTimer++;
    timers[id] = { fn: fn, ms: ms || 0, repeat: repeat };
    emu.timer(id, ms || 0);
    return id;
  }
  function clear(id) {
    if (timers[id]) {
      delete timers[id];
      emu.untimer(id);
    }
  }
  g.setTimeout = function (fn, ms) { return add(fn, ms, false); };
  g.setInterval = function (fn, ms) { return add(fn, ms, true); };
  g.clearTimeout = clear;
  g.clearInterval = clear;
})(this);
