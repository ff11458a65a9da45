import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** A program of `docs/examples/` running in its own process. */
export interface RunningExample {
  issuer: string;
  stop(): Promise<void>;
}

const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

/** A port the system has just handed out for 127.0.0.1:0, free again for the program. */
async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  await once(probe, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * Starts `docs/examples/<name>.ts` exactly as a reader would (`tsx <file>` with `PORT`),
 * and resolves once it prints "listening on <issuer>".
 */
export async function runExample(name: string): Promise<RunningExample> {
  const file = fileURLToPath(new URL(`../examples/${name}.ts`, import.meta.url));
  const child: ChildProcess = spawn(tsx, ['--conditions=source', file], {
    env: { ...process.env, PORT: String(await freePort()) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${output}`));
    });
  });
  return {
    issuer,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
