/**
 * `@oauthkit/core/testing`: stores that keep everything in the process, for tests, examples
 * and benchmarks. Nothing here survives a restart or is shared between processes.
 */

export {
  createDpopProofSigner,
  type DpopProofOptions,
  type DpopProofSigner,
} from './dpop/create-dpop-proof-signer.js';
export {
  createMemoryReplayStore,
  type MemoryReplayStoreOptions,
} from './stores/memory-replay-store.js';
export { createMemoryStores, type MemoryStoresOptions } from './stores/memory-stores.js';
