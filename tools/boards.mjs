// Reads and validates the board profiles in boards/*.json (fields: boards/README.md), and says
// what each feature a profile may leave out of its bundle stands for in the source tree.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const boardsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'boards');
export const RUNTIMES = ['node', 'quickjs', 'duktape', 'espruino', 'jerryscript', 'any'];
export const CHIPS = ['esp32', 'esp32s3', 'esp32c3', 'host'];
export const RNG_KINDS = ['register', 'urandom', 'host', 'native'];
export const ACCELERATORS = ['aes', 'sha'];
export const NATIVE_CRYPTO = ['sha1', 'sha256', 'sha384', 'sha512', 'aes-ecb'];

/**
 * The features a bundle can leave out. Each names what the build replaces with a stub when the
 * profile does not list the feature: `modules` are source paths (regular expressions over the
 * path relative to the repository, '/' separators) whose every export becomes a stub, and
 * `exports` are single functions ("path#name") whose body becomes a stub. A stub keeps the name
 * and throws MicrotlsError('TlsError', 'not_in_build', ...). Paths that do not exist yet (code
 * still being written on other branches) simply match nothing.
 */
export const FEATURES = {
  // The TLS 1.3 client handshake (src/tls/client.ts; the engine, record layer and key schedule
  // are shared by every role and always in).
  'tls13-client': { modules: [/^src\/tls\/client\.ts$/] },
  // Everything only a server needs: its handshake, ticket issuing, the server API.
  server: { modules: [/^src\/tls\/server[^/]*\.ts$/, /^src\/tls\/tickets\.ts$/, /^src\/api\/server\.ts$/] },
  // TLS 1.2: its handshakes and suite table (src/tls/tls12/; src/tls/versions.ts tells the 1.3
  // code that a bundle has no 1.2 suites), CBC with HMAC records, the PRF.
  tls12: { modules: [/^src\/tls\/[^/]*12[^/]*\.ts$/, /^src\/tls\/tls12\/[^/]*\.ts$/, /^src\/crypto\/cbc\.ts$/, /^src\/crypto\/prf\.ts$/] },
  x25519: { exports: ['src/crypto/x25519.ts#x25519', 'src/crypto/x25519.ts#x25519Base'] },
  p256: { exports: ['src/crypto/p256.ts#p256Ecdh', 'src/crypto/p256.ts#p256PublicKey'] },
  // P-384 as a whole (ECDSA P-384 certificate signatures and ECDH), or only its ECDH.
  p384: { modules: [/^src\/crypto\/p384(kernel)?\.ts$/] },
  'p384-ecdh': { exports: ['src/crypto/p384.ts#p384Ecdh', 'src/crypto/p384.ts#p384PublicKey'] },
  'aes-gcm': { modules: [/^src\/crypto\/gcm\.ts$/] },
  'chacha20-poly1305': { modules: [/^src\/crypto\/chacha20poly1305\.ts$/] },
  'ecdsa-sign': { exports: ['src/crypto/ecdsa.ts#ecdsaP256Sign'] },
  'ed25519-sign': { exports: ['src/crypto/ed25519.ts#ed25519Sign', 'src/crypto/ed25519.ts#ed25519PublicKey'] },
  'rsa-private': {
    exports: ['src/crypto/rsa.ts#rsaPrivateKey', 'src/crypto/rsa.ts#rsaPkcs1Sign', 'src/crypto/rsa.ts#rsaPssSign',
      'src/crypto/rsa.ts#rsaPkcs1Decrypt', 'src/crypto/rsa.ts#rsaDecryptPremaster'],
  },
  // RSA key transport (TLS 1.2 RSA key exchange, client side).
  'rsa-encrypt': { exports: ['src/crypto/rsa.ts#rsaPkcs1Encrypt'] },
  x509: { modules: [/^src\/x509\/(?!types\.ts$)[^/]*\.ts$/] },
  // --- x509 ---
  // Private keys (PKCS#8, SEC 1, PKCS#1) and signing with them: only servers and client
  // certificates need them. Without it, parsePrivateKey and signMessage throw not_in_build.
  'private-keys': { exports: ['src/x509/keys.ts#parsePrivateKey', 'src/x509/signature.ts#signMessage'] },
  // Writing the compact trust-anchor form (`microtls ta`, on a host); reading it stays in x509.
  'anchors-encode': { exports: ['src/x509/anchors.ts#anchorsEncode'] },
  // Name constraints (RFC 5280 section 4.2.1.10). Without it no path goes through a CA or anchor
  // that carries nameConstraints: X509Error unsupported_name_constraint (never an unchecked pass).
  'name-constraints': { modules: [/^src\/x509\/constraints\.ts$/] },
  // IP address literals as host names (iPAddress subjectAltName). Without it such a host fails
  // with X509Error bad_host that says IP addresses are not in the build.
  'ip-hosts': { modules: [/^src\/x509\/ip\.ts$/] },
  // RSASSA-PSS certificate signatures (TLS's rsa_pss_rsae CertificateVerify stays). Without it a
  // PSS-signed certificate fails with X509Error unsupported_algorithm naming RSA-PSS.
  'rsa-pss-certs': { exports: ['src/x509/signature.ts#pssParams'] },
  // Case- and space-insensitive comparison of distinguished names (RFC 5280 section 7.1).
  // Without it names compare byte for byte (stricter): an issuer named with other case or
  // spacing than its CA's subject is not found (X509Error unknown_issuer).
  'name-folding': {},
  // Our own base64 decoder (PEM, anchorsFromBase64). Without it the runtime's atob and btoa
  // decode (Espruino's natives: only the Espruino profiles leave it out), and a text that is not
  // canonical padded base64 fails with X509Error bad_pem.
  'base64-decoder': {},
  // --- end x509 ---
  selftest: { modules: [/^src\/selftest\.ts$/] },
  // The prelude's TypedArray slice/fill/from/of for engines that lack them (Duktape) or get them
  // wrong (Espruino's slice returns an Array). The stack itself calls only fill, which Espruino,
  // QuickJS and JerryScript have, so the device profiles leave this out; Math.imul stays in every
  // bundle.
  'typed-array-compat': {},
  // --- tls ---
  // A client's 0-RTT early data (without it the earlyData option is refused).
  'early-data': { modules: [/^src\/tls\/early\.ts$/] },
  // A client's own certificate (without it a chain and key on a client are refused, and a
  // CertificateRequest gets the empty Certificate RFC 8446 asks for).
  'client-auth': { modules: [/^src\/tls\/clientauth\.ts$/] },
  // --- end tls ---
  // --- hs ---
  // Debugging and test hooks of the handshake: the keylog option (SSLKEYLOGFILE lines) and the
  // advertise option (other stacks' code points, to reproduce RFC 8448's bytes). Without them
  // either option is refused at configuration with not_in_build.
  keylog: {},
  advertise: {},
  // --- end hs ---
  // --- curve ---
  // Ed25519 as a whole (certificate and CertificateVerify signatures, and signing): tweetnacl's
  // only user once X25519 comes from x25519.small.ts. Without it a client does not offer
  // ed25519 and a certificate signed with it is refused.
  ed25519: { modules: [/^src\/crypto\/ed25519\.ts$/] },
  // --- end curve ---
  // --- sym ---
  // SHA-1 in pure TS: only TLS 1.2's HMAC-SHA1 record MAC (the CBC suites) hashes with it, so a
  // profile with tls12 needs it; TLS 1.3 and X.509 never do (SHA-1 signatures are unsupported).
  // Without it SHA1 (and the provider's sha1) is the runtime's native SHA-1, looked up at first
  // use like sha2-pure's (src/crypto/sha1.ts drops the pure one through boardHas).
  sha1: {},
  // --- end sym ---
  // --- crypto ---
  // The pure-TS SHA-256/384/512 and AES. A profile may leave them out only when its runtime has
  // them natively (nativeCrypto sha256, sha384, sha512; aes-ecb): the HAL then supplies them
  // (src/crypto/native.ts, looked up at first use; createHal checks the profile's promise), and
  // the public aesKey/aesEncryptBlock/aesDecryptBlock/aesBlockCipher are stubs.
  'sha2-pure': { modules: [/^src\/crypto\/sha2-constants\.ts$/] },
  'aes-pure': { modules: [/^src\/crypto\/aes\.ts$/] },
  // The Espruino backend's /dev/urandom reader: only a profile whose rng.kind is urandom needs it
  // (hal/espruino/index.ts drops it through boardHas).
  urandom: {},
  // --- crypto2 ---
  // withOverrides, the public way to swap provider members (native or hardware hashes and AES).
  // A profile that leaves it out has no pure-TS hash or AES either (sha1, sha2-pure, aes-pure
  // left out), so its default provider already is the native one; withOverrides there throws
  // not_in_build.
  'provider-overrides': { exports: ['src/crypto/default-provider.ts#withOverrides'] },
  // --- end crypto2 ---
  // --- end crypto ---
};

/** What a profile's bundle holds when it says "features": "all". */
export const ALL_FEATURES = Object.keys(FEATURES);

export function validateBoard(profile, fileName) {
  const problems = [];
  const want = { name: 'string', description: 'string', runtime: 'string', ramBudget: 'number', maxRecordSize: 'number' };
  for (const [key, type] of Object.entries(want)) {
    if (typeof profile[key] !== type) problems.push(`${key} must be a ${type}`);
  }
  if (fileName && profile.name !== fileName.replace(/\.json$/, '')) problems.push(`name must equal the file name`);
  if (!RUNTIMES.includes(profile.runtime)) problems.push(`runtime must be one of ${RUNTIMES.join(', ')}`);
  if (!(profile.maxRecordSize >= 512 && profile.maxRecordSize <= 16384)) problems.push('maxRecordSize must be 512..16384');
  if (!(profile.ramBudget >= 32768)) problems.push('ramBudget must be at least 32768 bytes');
  // The fields below are optional for host profiles and required for a chip.
  if (profile.chip !== undefined && !CHIPS.includes(profile.chip)) problems.push(`chip must be one of ${CHIPS.join(', ')}`);
  if (profile.buffers !== undefined) {
    const b = profile.buffers;
    if (!b || typeof b !== 'object') problems.push('buffers must be an object');
    else {
      // A record on the wire: 5 header bytes, the plaintext, 1 content type, 16 tag, up to 256
      // padding (RFC 8446 section 5.2 allows 2^14 + 256 of ciphertext).
      const least = profile.maxRecordSize + 5 + 256;
      if (!(b.input >= least)) problems.push(`buffers.input must hold one record: at least ${least}`);
      if (!(b.output >= profile.maxRecordSize + 5 + 17)) problems.push(`buffers.output must hold one record: at least ${profile.maxRecordSize + 22}`);
      if (b.input + b.output > profile.ramBudget / 2) problems.push('buffers take more than half the ramBudget');
    }
  }
  if (profile.rng !== undefined) {
    const r = profile.rng;
    if (!r || !RNG_KINDS.includes(r.kind)) problems.push(`rng.kind must be one of ${RNG_KINDS.join(', ')}`);
    else if (r.kind === 'register') {
      if (typeof r.address !== 'string' || !/^0x[0-9A-F]{8}$/.test(r.address)) problems.push('rng.address must be a 0x-prefixed 8-digit upper-case hex string');
      if (typeof r.source !== 'string' || r.source.length < 20) problems.push('rng.source must cite where the address comes from');
    }
  }
  if (profile.chip && profile.chip !== 'host' && !(profile.rng && profile.rng.kind === 'register' || profile.rng && profile.rng.kind === 'native')) {
    problems.push('a chip profile needs rng.kind register (or native, filled by firmware)');
  }
  if (profile.runtime === 'espruino' && profile.chip && profile.chip !== 'host' && !(profile.jsVars > 0)) {
    problems.push('an Espruino chip profile needs jsVars (the variable pool)');
  }
  if (profile.accelerators !== undefined) {
    if (!Array.isArray(profile.accelerators) || profile.accelerators.some((a) => !ACCELERATORS.includes(a))) {
      problems.push(`accelerators must list some of ${ACCELERATORS.join(', ')}`);
    }
  }
  const native = profile.nativeCrypto;
  if (native !== undefined && (!Array.isArray(native) || native.some((n) => !NATIVE_CRYPTO.includes(n)))) {
    problems.push(`nativeCrypto must list some of ${NATIVE_CRYPTO.join(', ')}`);
  }
  // A pure-TS primitive may be left out only where the runtime has it natively.
  const natively = (names) => Array.isArray(native) && names.every((n) => native.includes(n));
  if (Array.isArray(profile.features)) {
    if (!profile.features.includes('sha2-pure') && !natively(['sha256', 'sha384', 'sha512'])) problems.push('leaving out sha2-pure needs nativeCrypto sha256, sha384 and sha512');
    if (!profile.features.includes('aes-pure') && !natively(['aes-ecb'])) problems.push('leaving out aes-pure needs nativeCrypto aes-ecb');
    if (profile.rng && profile.rng.kind === 'urandom' && !profile.features.includes('urandom')) problems.push('rng.kind urandom needs feature urandom');
  }
  if (profile.tweetnacl !== undefined && profile.tweetnacl !== 'fast' && profile.tweetnacl !== 'small') problems.push('tweetnacl must be "fast" or "small"');
  if (profile.prefer !== undefined && profile.prefer !== 'speed' && profile.prefer !== 'size') problems.push('prefer must be "speed" or "size"');
  if (profile.features !== undefined && profile.features !== 'all') {
    if (!Array.isArray(profile.features)) problems.push('features must be "all" or a list');
    else for (const f of profile.features) if (!FEATURES[f]) problems.push(`unknown feature ${f}; one of ${ALL_FEATURES.join(', ')}`);
    // TLS 1.2's CBC suites hash with the pure SHA-1.
    if (Array.isArray(profile.features) && profile.features.includes('tls12') && !profile.features.includes('sha1')) problems.push('feature tls12 needs sha1');
  }
  return problems;
}

/** The features a profile includes (a list; "all" or absent means every one). */
export function featuresOf(profile) {
  return !profile.features || profile.features === 'all' ? ALL_FEATURES.slice() : profile.features.slice();
}

/** What the build stubs for a profile: { modules: RegExp[], exports: Map<path, Set<name>> }. */
export function stubsFor(profile) {
  const included = new Set(featuresOf(profile));
  const modules = [];
  const exports = new Map();
  for (const [name, spec] of Object.entries(FEATURES)) {
    if (included.has(name)) continue;
    for (const m of spec.modules || []) modules.push(m);
    for (const e of spec.exports || []) {
      const [file, fn] = e.split('#');
      if (!exports.has(file)) exports.set(file, new Set());
      exports.get(file).add(fn);
    }
  }
  return { modules, exports };
}

export function loadBoards() {
  const boards = {};
  for (const file of readdirSync(boardsDir).filter((f) => f.endsWith('.json')).sort()) {
    const profile = JSON.parse(readFileSync(path.join(boardsDir, file), 'utf8'));
    const problems = validateBoard(profile, file);
    if (problems.length) throw new Error(`boards/${file}: ${problems.join('; ')}`);
    boards[profile.name] = profile;
  }
  return boards;
}
