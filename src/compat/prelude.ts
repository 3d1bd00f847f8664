// Adds the few built-ins that some target engines lack and the bundle relies on: Duktape has no
// TypedArray slice/fill/from/of; Espruino has no Math.imul, and its TypedArray slice returns a
// plain Array. It only fills gaps and never replaces a working built-in. It is the first module
// of every bundle, so it runs before any other module's top-level code. The TypedArray part is the
// feature typed-array-compat (tools/boards.mjs), which the device profiles leave out: Espruino,
// QuickJS and JerryScript have the one method the stack calls (fill).
import { boardHas } from '../board';

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyCtor = any;

function clampIndex(i: number, len: number): number {
  if (i < 0) {
    i = len + i;
    return i < 0 ? 0 : i;
  }
  return i > len ? len : i;
}

function addTypedArrayMethods(ctor: AnyCtor): void {
  if (typeof ctor !== 'function') return;
  const proto = ctor.prototype;
  // Ask an instance, not the prototype: Espruino answers `undefined` for built-in methods read
  // from a prototype even where its instances have them. Its native slice returns a plain
  // Array, so that one is replaced too (a method on the prototype wins over the built-in).
  const probe = new ctor(1);
  if (typeof probe.slice !== 'function' || !(probe.slice(0) instanceof ctor)) {
    proto.slice = function (this: any, begin?: number, end?: number): any {
      const len = this.length;
      const b = begin === undefined ? 0 : clampIndex(begin | 0, len);
      const e = end === undefined ? len : clampIndex(end | 0, len);
      const n = e > b ? e - b : 0;
      const out = new ctor(n);
      for (let i = 0; i < n; i++) out[i] = this[b + i];
      return out;
    };
  }
  if (typeof probe.fill !== 'function') {
    proto.fill = function (this: any, value: number, begin?: number, end?: number): any {
      const len = this.length;
      const b = begin === undefined ? 0 : clampIndex(begin | 0, len);
      const e = end === undefined ? len : clampIndex(end | 0, len);
      for (let i = b; i < e; i++) this[i] = value;
      return this;
    };
  }
  if (typeof ctor.from !== 'function') {
    ctor.from = function (src: any, map?: (v: any, k: number) => number, thisArg?: any): any {
      const n = src.length | 0;
      const out = new ctor(n);
      for (let i = 0; i < n; i++) out[i] = map ? map.call(thisArg, src[i], i) : src[i];
      return out;
    };
  }
  if (typeof ctor.of !== 'function') {
    ctor.of = function (): any {
      const n = arguments.length;
      const out = new ctor(n);
      for (let i = 0; i < n; i++) out[i] = arguments[i];
      return out;
    };
  }
}

function imul(a: number, b: number): number {
  // Plain arithmetic only: Espruino's bitwise operators misbehave outside int32, and every
  // partial product here stays below 2^53, so each step is exact in a double.
  a = (a < 0 ? Math.ceil(a) : Math.floor(a)) % 4294967296;
  if (a < 0) a += 4294967296;
  b = (b < 0 ? Math.ceil(b) : Math.floor(b)) % 4294967296;
  if (b < 0) b += 4294967296;
  const al = a % 65536;
  const ah = (a - al) / 65536;
  const bl = b % 65536;
  const bh = (b - bl) / 65536;
  const s = (al * bl + ((ah * bl + al * bh) % 65536) * 65536) % 4294967296;
  return s >= 2147483648 ? s - 4294967296 : s;
}

function hasOwn(obj: any, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

const objectAny = Object as any;

if (boardHas('typed-array-compat')) {
  const typedArrays: AnyCtor[] = [
    typeof Int8Array !== 'undefined' ? Int8Array : null,
    typeof Uint8Array !== 'undefined' ? Uint8Array : null,
    typeof Int16Array !== 'undefined' ? Int16Array : null,
    typeof Uint16Array !== 'undefined' ? Uint16Array : null,
    typeof Int32Array !== 'undefined' ? Int32Array : null,
    typeof Uint32Array !== 'undefined' ? Uint32Array : null,
    typeof Float32Array !== 'undefined' ? Float32Array : null,
    typeof Float64Array !== 'undefined' ? Float64Array : null,
  ];
  for (let i = 0; i < typedArrays.length; i++) addTypedArrayMethods(typedArrays[i]);
}

const mathAny = Math as any;
if (typeof mathAny.imul !== 'function') mathAny.imul = imul;
if (typeof objectAny.hasOwn !== 'function') objectAny.hasOwn = hasOwn;

/** The prelude's own implementations, exported so the self-checks can test them on every engine
 * even where the engine's native version is the one installed. */
export const compat = { imul: imul, hasOwn: hasOwn, addTypedArrayMethods: addTypedArrayMethods };
