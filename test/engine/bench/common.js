// In-engine benchmark protocol (ES5, after the bundle). bench(name, fn, opts) runs fn until
// `minMs` milliseconds have passed, five times over, and prints one line
//   bench NAME ms=MEDIAN_MS_PER_OP [bytes=N]
// which tools/bench.mjs reads. opts.bytes: bytes processed per call, for throughput.
var bench = (function () {
  function now() { return new Date().getTime(); }
  function once(fn, minMs) {
    var n = 0, start = now(), t;
    do { fn(); n++; t = now() - start; } while (t < minMs);
    return t / n;
  }
  return function (name, fn, opts) {
    // BENCH_ONLY (set by tools/bench.mjs --only) limits a run to the names containing it.
    if (typeof BENCH_ONLY !== 'undefined' && name.indexOf(BENCH_ONLY) < 0) return;
    opts = opts || {};
    var minMs = opts.minMs || 300, runs = [], i;
    fn(); // warm-up: first-call costs (table set-up, JIT) are not the steady state
    for (i = 0; i < 5; i++) runs.push(once(fn, minMs));
    runs.sort(function (a, b) { return a - b; });
    print('bench ' + name + ' ms=' + runs[2].toFixed(4) + (opts.bytes ? ' bytes=' + opts.bytes : ''));
  };
})();
