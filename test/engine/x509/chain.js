// Chain validation inside an engine (ES5, after the bundle). The harness defines X509_CASES:
// [{ name, roots: PEM, chain: PEM, host, purpose, now, want: 'OK' or an error code }], made with
// openssl by test/x509-engines.test.mjs. Prints one line per case and `N passed, M failed`.
(function () {
  var passed = 0, failed = 0;
  function report(ok, name, detail) {
    if (ok) passed++; else failed++;
    print((ok ? 'ok - ' : 'not ok - ') + name + (detail ? ' (' + detail + ')' : ''));
  }
  for (var i = 0; i < X509_CASES.length; i++) {
    var c = X509_CASES[i], got, key = null;
    try {
      var opts = { anchors: microtls.anchorsFromPem(c.roots), purpose: c.purpose, now: c.now };
      if (c.host) opts.host = c.host;
      if (c.timePolicy) opts.timePolicy = c.timePolicy;
      key = microtls.verifyChain(microtls.pemDecode(c.chain, 'CERTIFICATE'), opts);
      got = 'OK';
    } catch (e) {
      got = e && e.name === 'X509Error' ? e.code : 'untyped ' + (e && e.name) + ': ' + (e && e.message);
    }
    report(got === c.want && (got !== 'OK' || key.kind === c.kind), c.name, 'got ' + got + (key ? ', ' + key.kind + ' key' : ''));
  }
  // the compact anchors round trip inside the engine too
  try {
    var a = microtls.anchorsFromPem(X509_CASES[0].roots);
    var back = microtls.anchorsDecode(microtls.anchorsEncode(a));
    var k = microtls.verifyChain(microtls.pemDecode(X509_CASES[0].chain, 'CERTIFICATE'),
      { anchors: back, purpose: X509_CASES[0].purpose, now: X509_CASES[0].now });
    report(back.length === a.length && k.kind === X509_CASES[0].kind, 'compact anchors decode and validate');
  } catch (e) {
    report(false, 'compact anchors decode and validate', e && e.message);
  }
  print(passed + ' passed, ' + failed + ' failed');
})();
