// `pnpm bench`: oauthkit against a bare node:http ceiling and its peers. See BENCHMARKS.md
// for what is measured and packages/bench/src/bench-args.ts for the options.
import { runBench } from './run-bench.js';

await runBench(process.argv.slice(2));
