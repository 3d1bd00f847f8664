// What a size profile that leaves features out (the esp32 family: no ed25519, p384,
// private-keys, anchors-encode, name-constraints, ip-hosts, rsa-pss-certs, name-folding) does
// with X.509 input that needs them: an X509Error naming what is missing for certificates (never a
// pass), not_in_build for the functions themselves. The harness defines
// X509_LEFT_OUT: { cases: [{ name, roots, chain, host, now, want, kind }], keyPem }.
(function () {
  var passed = 0, failed = 0, cases = X509_LEFT_OUT.cases;
  function report(ok, name, detail) {
    if (ok) passed++; else failed++;
    print((ok ? 'ok - ' : 'not ok - ') + name + (detail ? ' (' + detail + ')' : ''));
  }
  for (var i = 0; i < cases.length; i++) {
    var c = cases[i], got, key = null;
    try {
      key = microtls.verifyChain(microtls.pemDecode(c.chain, 'CERTIFICATE'),
        { anchors: microtls.anchorsFromPem(c.roots), purpose: 'server', now: c.now, host: c.host });
      got = 'OK';
    } catch (e) {
      got = e && e.name === 'X509Error' ? e.code + ' ' + e.alert : 'untyped ' + (e && e.name) + ': ' + (e && e.message);
      if (c.want !== 'OK' && c.word && String(e.message).indexOf(c.word) < 0) got += ' without "' + c.word + '" in ' + e.message;
    }
    report(got === c.want && (got !== 'OK' || key.kind === c.kind), c.name, 'got ' + got + (key ? ', ' + key.kind + ' key' : ''));
  }
  var calls = [['parsePrivateKey', function () { microtls.parsePrivateKey(X509_LEFT_OUT.keyPem); }],
    ['anchorsEncode', function () { microtls.anchorsEncode([]); }]];
  for (var j = 0; j < calls.length; j++) {
    var what = 'none';
    try { calls[j][1](); } catch (e) { what = e.name + ' ' + e.code + ' ' + (String(e.message).indexOf(calls[j][0]) >= 0); }
    report(what === 'TlsError not_in_build true', calls[j][0] + ' is left out and says so', what);
  }
  print(passed + ' passed, ' + failed + ' failed');
})();
