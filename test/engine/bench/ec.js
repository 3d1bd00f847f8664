// Elliptic-curve benchmarks (ES5, after the bundle and bench/common.js). Inputs are fixed; the
// keys come from the bundle itself, the P-384 and Ed25519 signatures were made once by
// @noble/curves and node:crypto.
(function () {
  function bytes(hex) {
    var out = new Uint8Array(hex.length >> 1);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
    return out;
  }
  var a = bytes('c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721');
  var b = bytes('0f3c2ad1b4e08f7e5a39a7c1e8b29d34566fdcaa9080a1b2c3d4e5f60718293a');
  var A = microtls.p256PublicKey(a), B = microtls.p256PublicKey(b);
  var digest = microtls.sha256(bytes('6d6963726f746c73'));
  var sig = microtls.ecdsaP256Sign(a, digest);

  var pub384 = bytes('0412469e9745dab307ebb3f2b425cecafe926632b90e16b6bbb5d5de80172759b8dca2caee2403c6f200ee34c02ba5fa095a016ed99950d298e444c1e09134c435dec24c1b5cb3b73936eaf55217fdd0fb84bf1e75715d40315e584b7073b06954');
  var digest384 = bytes('6514f7b26350219da14a1dea1ac9c6f7ed740f4c76810127c005d6e08d9541637c332db40d4b819988bd38ff4d987ff4');
  var sig384 = bytes('306502302930469deb4212ace40bee4454c50692009d4fb9f556a8a3b1d38d8249d0ec434093691ac5196d4a17f3c9ac78c8473c023100841e843e5e180c790e221cd40da91a89dd02ece5ced864e76d26d19ac92a5e49b1bcd9ae72d533b29ecc20e0cba95e98');

  var edPub = bytes('487a584b9c8bc256c6023f8ab4cdda647e41854c79b9a13e06e8fc08bed53189');
  var edMsg = bytes('6d6963726f746c732062656e6368206d657373616765206f6620736f6d65203634206279746573' +
    '2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e');
  var edSig = bytes('621306c2dda4aa2478aeca2fab979effbad7de7e40222bcd2123c0ccad9d92fa2e18f6fc076e17336d6567455c1e7662e09b473f3bc338e8a242fb50fa45cd0d');

  if (!microtls.ecdsaVerify('p256', A, digest, sig, 'der') || !microtls.ecdsaVerify('p384', pub384, digest384, sig384, 'der') ||
      !microtls.ed25519Verify(edPub, edMsg, edSig)) throw new Error('bench inputs do not verify');

  bench('p256 ecdh', function () { microtls.p256Ecdh(a, B); });
  bench('p256 keygen', function () { microtls.p256PublicKey(b); });
  bench('ecdsa p256 verify', function () { microtls.ecdsaVerify('p256', A, digest, sig, 'der'); });
  bench('ecdsa p256 sign', function () { microtls.ecdsaP256Sign(a, digest); });
  bench('ecdsa p384 verify', function () { microtls.ecdsaVerify('p384', pub384, digest384, sig384, 'der'); });
  bench('ed25519 verify', function () { microtls.ed25519Verify(edPub, edMsg, edSig); });
  bench('x25519', function () { microtls.x25519(a, b); });
})();
