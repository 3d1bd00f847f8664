// files: aes_gcm_test.json chacha20_poly1305_test.json aes_cbc_pkcs5_test.json
// AES-GCM and ChaCha20-Poly1305 through the AeadKey interface (seal and open in place, at an
// offset, as the record layer calls them), and plain AES-CBC with PKCS#7 padding.
(function () {
  function concat(a, b) {
    var out = new Uint8Array(a.length + b.length);
    out.set(a, 0);
    out.set(b, a.length);
    return out;
  }

  // Opens ct || tag; when the key accepts it, the plaintext must be msg and sealing msg must
  // give ct || tag back. Both run at an offset of 3 in a larger buffer.
  function aead(makeKey) {
    return function (group, t, h) {
      var key = makeKey(h.bytes(t.key));
      var iv = h.bytes(t.iv), aad = h.bytes(t.aad), msg = h.bytes(t.msg);
      var sealed = concat(h.bytes(t.ct), h.bytes(t.tag));
      var n = sealed.length - 16;
      var buf = new Uint8Array(sealed.length + 5);
      buf.set(sealed, 3);
      if (!key.open(iv, aad, 0, aad.length, buf, 3, n)) {
        var after = h.hex(buf.subarray(3, 3 + sealed.length));
        return after === h.hex(sealed) ? false : 'refused but changed the buffer';
      }
      var opened = h.same(buf.subarray(3, 3 + n), t.msg);
      if (opened !== true) return 'opened to the wrong plaintext: ' + opened;
      buf = new Uint8Array(msg.length + 16 + 5);
      buf.set(msg, 3);
      key.seal(iv, aad, 0, aad.length, buf, 3, msg.length);
      return h.same(buf.subarray(3, 3 + msg.length + 16), t.ct + t.tag);
    };
  }

  var gcm = aead(microtls.aesGcmKey);
  wycheproof.register('aes_gcm_test.json', function (group, t, h) {
    if (group.keySize === 192) return { skip: 'AES-192: no TLS cipher suite uses it' };
    if (group.tagSize !== 128) return { skip: 'tags shorter than 128 bits: TLS uses 128' };
    // A nonce of another length is refused (bad_length); Wycheproof calls the empty one
    // invalid, and the valid ones of other lengths are never produced by TLS.
    if (group.ivSize !== 96 && t.result === 'valid') return { skip: 'GCM nonces other than 96 bits: TLS uses 96' };
    return gcm(group, t, h);
  });

  var chacha = aead(microtls.chacha20Poly1305Key);
  wycheproof.register('chacha20_poly1305_test.json', function (group, t, h) {
    return chacha(group, t, h);
  });

  // AES-CBC-PKCS5: valid vectors must encrypt to ct and decrypt back; the rest must fail the
  // padding check (or be refused for a length that is not whole blocks).
  wycheproof.register('aes_cbc_pkcs5_test.json', function (group, t, h) {
    if (group.keySize === 192) return { skip: 'AES-192: no TLS cipher suite uses it' };
    var key = microtls.aesKey(h.bytes(t.key)), iv = h.bytes(t.iv), msg = h.bytes(t.msg);
    var ct = h.bytes(t.ct);
    microtls.aesCbcDecrypt(key, iv, 0, ct, 0, ct.length);
    var n = microtls.pkcs7Unpad(ct, 0, ct.length);
    if (n < 0) return false;
    var opened = h.same(ct.subarray(0, n), t.msg);
    if (opened !== true) return 'decrypted to the wrong plaintext: ' + opened;
    var pad = 16 - (msg.length & 15), padded = new Uint8Array(msg.length + pad);
    padded.set(msg, 0);
    for (var i = msg.length; i < padded.length; i++) padded[i] = pad;
    microtls.aesCbcEncrypt(key, iv, 0, padded, 0, padded.length);
    return h.same(padded, t.ct);
  });
})();
