// Checks of the prelude (prelude.ts), run by the bundle's self-test on every engine. Both the
// engine's built-ins (native or filled in by the prelude) and the prelude's own fallbacks are
// tested, so a fallback is proven even on engines that never install it.
import { compat } from './prelude';

export type Check = () => string | null;

export function same(got: string, want: string): string | null {
  return got === want ? null : 'got ' + got + ', want ' + want;
}

function listOf(a: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < a.length; i++) s += (i ? ',' : '') + a[i];
  return s;
}

function checkSlice(): string | null {
  const a = Uint8Array.of(1, 2, 3, 4, 5);
  const parts = [listOf(a.slice(1, 3)), listOf(a.slice(-2)), listOf(a.slice(3, 1)), listOf(a.slice())];
  const b = a.slice(0, 2);
  b[0] = 9; // a copy, not a view
  parts.push(listOf(a.subarray(0, 1)));
  parts.push(String(b instanceof Uint8Array) + ',' + String(new Uint32Array(2).slice(1) instanceof Uint32Array));
  return same(parts.join('|'), '2,3|4,5||1,2,3,4,5|1|true,true');
}

function checkFill(): string | null {
  const a = new Uint8Array(5);
  a.fill(7, 1, -1);
  const w = new Uint32Array(2);
  const same32 = w.fill(0xffffffff) === w;
  return same(listOf(a) + '|' + listOf(w) + '|' + same32, '0,7,7,7,0|4294967295,4294967295|true');
}

function checkFromOf(): string | null {
  const a = Uint32Array.from([1, 0xffffffff, 3]);
  const b = Uint16Array.of(1, 2, 65537);
  const c = Uint8Array.from([1, 2], function (v: number) { return v * 10; });
  const types = [a instanceof Uint32Array, b instanceof Uint16Array, c instanceof Uint8Array].join(',');
  return same(listOf(a) + '|' + listOf(b) + '|' + listOf(c) + '|' + types, '1,4294967295,3|1,2,1|10,20|true,true,true');
}

function checkImul(impl: (a: number, b: number) => number): string | null {
  const got = [
    impl(3, 4), impl(-5, 12), impl(0xffffffff, 5), impl(0x7fffffff, 0x7fffffff),
    impl(0x12345678, 0x9abcdef0), impl(-1, -1), impl(0x80000000, 2),
  ];
  return same(listOf(got), '12,-60,-5,1,606937216,1,0');
}

function checkHasOwn(): string | null {
  const o: { [k: string]: number } = { a: 1 };
  const got = [compat.hasOwn(o, 'a'), compat.hasOwn(o, 'toString'), compat.hasOwn(o, 'b')];
  return same(got.join(','), 'true,false,false');
}

// A stand-in array type without slice/fill/from/of, so the prelude's fallbacks are exercised
// even on engines whose typed arrays have them natively.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function FakeArray(this: any, n: number): void {
  this.length = n;
  for (let i = 0; i < n; i++) this[i] = 0;
}

function checkFallbacks(): string | null {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const F: any = FakeArray;
  compat.addTypedArrayMethods(F);
  const a = F.of(1, 2, 3, 4, 5);
  const parts = [listOf(a.slice(1, 3)), listOf(a.slice(-2)), listOf(a.slice(3, 1)), listOf(a.fill(7, 1, -1)),
    listOf(F.from([1, 2], function (v: number) { return v * 10; }))];
  return same(parts.join('|'), '2,3|4,5||1,7,7,7,5|10,20');
}

export const preludeChecks: [string, Check][] = [
  ['prelude: TypedArray slice', checkSlice],
  ['prelude: TypedArray fill', checkFill],
  ['prelude: TypedArray from/of', checkFromOf],
  ['prelude: Math.imul (engine)', function () { return checkImul(Math.imul); }],
  ['prelude: Math.imul (prelude)', function () { return checkImul(compat.imul); }],
  ['prelude: Object.hasOwn', checkHasOwn],
  ['prelude: TypedArray fallbacks on a bare array type', checkFallbacks],
];
