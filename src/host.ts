// The host build's entry (dist/node): everything the device bundles have, plus Node's crypto as
// provider members.
export * from './index';
export { nodeCryptoMembers } from '../hal/node/crypto';
export type { NodeCryptoModule } from '../hal/node/crypto';
