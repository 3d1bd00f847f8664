import './compat/prelude';
export * from './crypto/ecfield';
export * from './crypto/ecscalar';
export * from './crypto/ecpoint';
export { p256Curve } from './crypto/p256';
export { p384Curve } from './crypto/p384';
export * from './crypto/ecdsa';
export * from './crypto/ecdh';
