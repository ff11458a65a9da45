import type { SeededCode } from './fixtures.js';
import type { Routes } from './servers/bench-server.js';

/** What the bench sends to a server process. */
export type ParentMessage = { type: 'seed'; count: number } | { type: 'stop' };

/** What a server process answers. */
export type ChildMessage =
  | { type: 'ready'; port: number; routes: Routes; canSeed: boolean }
  | { type: 'seeded'; codes: SeededCode[] }
  | { type: 'failed'; message: string };
