// Runs Wycheproof tests inside an engine (ES5, after the bundle). Each runner file registers a
// function per vector file: given (group, test, h) it returns true when the primitive accepted
// the input (and gave the expected output), false when it refused it, a string when it gave a
// wrong answer, or { skip: 'why' }. A MicrotlsError thrown by the primitive counts as a refusal;
// anything else thrown is a failure.
var wycheproof = (function () {
  var runners = {};
  var HEX = '0123456789abcdef';
  var h = {
    bytes: function (hex) {
      var out = new Uint8Array(hex.length >> 1);
      for (var i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
      return out;
    },
    hex: function (bytes) {
      var s = '';
      for (var i = 0; i < bytes.length; i++) s += HEX.charAt(bytes[i] >> 4) + HEX.charAt(bytes[i] & 15);
      return s;
    },
    /** true when `got` (bytes) equals the hex string `want`, else a string saying both. */
    same: function (got, want) {
      var g = h.hex(got);
      return g === want ? true : 'got ' + g + ', want ' + want;
    }
  };

  function register(file, fn) { runners[file] = fn; }

  function run(file, data, print) {
    var fn = runners[file];
    var passed = 0, failed = 0, skipped = 0, shown = 0, skipReasons = {};
    function failure(t, why) {
      failed++;
      if (shown++ < 20) print('not ok - ' + file + ' tcId ' + t.tcId + ' (' + t.result + ', ' + t.comment + '): ' + why);
    }
    for (var g = 0; g < data.testGroups.length; g++) {
      var group = data.testGroups[g];
      for (var i = 0; i < group.tests.length; i++) {
        var t = group.tests[i], r;
        try {
          r = fn(group, t, h);
        } catch (e) {
          if (microtls.isMicrotlsError(e)) r = false;
          else { failure(t, 'uncaught ' + (e && e.name) + ': ' + (e && e.message)); continue; }
        }
        if (r && typeof r === 'object' && r.skip) {
          skipped++;
          skipReasons[r.skip] = (skipReasons[r.skip] || 0) + 1;
        } else if (typeof r === 'string') {
          failure(t, r);
        } else if (r === true) {
          if (t.result === 'invalid') failure(t, 'accepted an invalid input'); else passed++;
        } else if (r === false) {
          if (t.result === 'valid') failure(t, 'refused a valid input'); else passed++;
        } else {
          failure(t, 'runner returned ' + r);
        }
      }
    }
    for (var why in skipReasons) print('# ' + file + ' skipped ' + skipReasons[why] + ': ' + why);
    print(file + ': ' + passed + ' passed, ' + failed + ' failed, ' + skipped + ' skipped');
    return { passed: passed, failed: failed, skipped: skipped };
  }

  return { register: register, run: run, helpers: h };
})();
