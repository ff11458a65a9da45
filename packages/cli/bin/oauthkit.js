#!/usr/bin/env node
// The published entry point: the compiled CLI (run `pnpm build` first inside this repository,
// or use `pnpm oauthkit`, which runs the TypeScript sources).
import '../dist/bin.js';
