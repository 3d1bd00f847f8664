// The part of Espruino's require("crypto") that the esp32-family bundles rely on (one-shot SHA,
// AES-ECB; boards/*.json nativeCrypto), computed by the host's node:crypto: for running those
// bundles outside Espruino (a Node vm context, or the node and QuickJS engine runners with the
// `nativeCrypto` option of runInEngine), the way the emulator's accelerator does.
import crypto from 'node:crypto';
import { Buffer } from 'node:buffer';

/** Bytes of an ArrayBuffer or typed array, from any realm. */
function bytes(data) {
  if (typeof data === 'string') return Buffer.from(data, 'latin1');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(new Uint8Array(data));
}

function arrayBuffer(b) {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.length);
}

/** An object shaped like Espruino's require("crypto") (SHA1/256/384/512, AES.encrypt/decrypt in
 * ECB), answering host ArrayBuffers. */
export function espruinoCrypto() {
  const hash = (name) => (data) => arrayBuffer(crypto.createHash(name).update(bytes(data)).digest());
  const aes = (enc) => (data, key, options) => {
    const mode = ((options && options.mode) || 'CBC').toLowerCase();
    if (mode !== 'ecb') throw new Error('this emulated crypto module does AES-ECB only');
    const k = bytes(key);
    const c = enc ? crypto.createCipheriv(`aes-${k.length * 8}-ecb`, k, null) : crypto.createDecipheriv(`aes-${k.length * 8}-ecb`, k, null);
    c.setAutoPadding(false);
    return arrayBuffer(Buffer.concat([c.update(bytes(data)), c.final()]));
  };
  return {
    SHA1: hash('sha1'), SHA256: hash('sha256'), SHA384: hash('sha384'), SHA512: hash('sha512'),
    AES: { encrypt: aes(true), decrypt: aes(false) },
  };
}

/** A global `require` for a context that has only the crypto module. */
export function espruinoRequire() {
  const c = espruinoCrypto();
  return (name) => {
    if (name === 'crypto') return c;
    throw new Error('Module ' + name + ' not found');
  };
}
