// What the prelude (prelude.ts) guarantees on every engine, beyond the ES5 library.
// TypedArray slice/fill/from/of are already declared by TypeScript's ES5 library.
interface Math {
  imul(a: number, b: number): number;
}
interface ObjectConstructor {
  hasOwn(obj: object, key: string): boolean;
}
