// The host build's entry (dist/node): everything the device bundles have, plus Node's crypto as
// provider members.
export * from './index';
export { nodeCryptoMembers } from '../hal/node/crypto';
export type { NodeCryptoModule } from '../hal/node/crypto';
// --- api ---
// Node's HAL, and connect/createServer that default to it (these shadow the index's).
export { nodeHal } from '../hal/node/index';
export type { NodeHalOptions, NodeHalModules } from '../hal/node/index';
export { connect, createServer } from '../hal/node/tls';
// --- end api ---
