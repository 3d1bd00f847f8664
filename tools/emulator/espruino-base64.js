// Espruino's native atob and btoa for engines that stand in for it (the emulator's QuickJS, the
// tests that run an Espruino bundle in QuickJS). Like Espruino's, atob takes anything: whitespace
// is skipped and any other character that is not base64 still gives six bits, so a caller must
// check what it decodes (src/x509/pem.ts re-encodes). ES5.
(function (g) {
  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  if (typeof g.atob !== 'function') {
    g.atob = function (s) {
      var out = '', acc = 0, bits = 0;
      for (var i = 0; i < s.length; i++) {
        var c = s.charAt(i);
        if (c <= ' ') continue;
        if (c === '=') break;
        acc = ((acc << 6) | (B64.indexOf(c) & 63)) & 0xffffff;
        bits += 6;
        if (bits >= 8) {
          bits -= 8;
          out += String.fromCharCode((acc >> bits) & 255);
        }
      }
      return out;
    };
  }
  if (typeof g.btoa !== 'function') {
    g.btoa = function (s) {
      var out = '';
      for (var i = 0; i < s.length; i += 3) {
        var n = s.length - i, v = (s.charCodeAt(i) << 16) | (n > 1 ? s.charCodeAt(i + 1) << 8 : 0) | (n > 2 ? s.charCodeAt(i + 2) : 0);
        out += B64.charAt(v >> 18) + B64.charAt((v >> 12) & 63) + (n > 1 ? B64.charAt((v >> 6) & 63) : '=') + (n > 2 ? B64.charAt(v & 63) : '=');
      }
      return out;
    };
  }
})(this);
