import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  createSigningKeySet,
  generateSigningJwk,
  type SigningKeyInput,
  type SigningKeySet,
} from '@oauthkit/core';

/** Where the signing keys come from: the seed's, else a file made on the first start. */
export interface SigningKeySource {
  /** The seed's `signingKeys`: private JWKs (or `{ pem, alg, kid }`), newest first. */
  seedKeys?: SigningKeyInput[] | undefined;
  /** The file that holds generated keys (`OAUTHKIT_SIGNING_KEYS_FILE`). */
  file: string;
}

/**
 * The example's signing keys (ID tokens, the JWKS at `/jwks`, `id_token_hint` at logout).
 * From the seed when it lists `signingKeys`; otherwise from `file`, which the first start
 * writes with one new ES256 key, readable by its owner only (`0600`, in a `0700` folder when
 * it creates the folder), and every later start reuses, so tokens signed before a restart
 * still verify. A key file others can read is refused. Private keys are never printed.
 */
export async function loadSigningKeys(source: SigningKeySource): Promise<SigningKeySet> {
  if (source.seedKeys !== undefined) {
    if (!Array.isArray(source.seedKeys) || source.seedKeys.length === 0) {
      throw new TypeError('seed signingKeys must be a non-empty list of private JWKs');
    }
    return createSigningKeySet(source.seedKeys);
  }
  const keys = readKeyFile(source.file) ?? (await writeKeyFile(source.file));
  return createSigningKeySet(keys);
}

function readKeyFile(file: string): SigningKeyInput[] | null {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if ((mode & 0o077) !== 0) {
    throw new TypeError(`${file} holds private keys but others may read it: chmod 600 ${file}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new TypeError(`${file} is not a JSON key file`, { cause });
  }
  const keys = (parsed as { keys?: unknown })?.keys;
  if (!Array.isArray(keys)) throw new TypeError(`${file} must hold { "keys": [private JWKs] }`);
  return keys as SigningKeyInput[];
}

async function writeKeyFile(file: string): Promise<SigningKeyInput[]> {
  const keys = [await generateSigningJwk('ES256')];
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    // 'wx': never overwrite keys another process wrote a moment ago.
    writeFileSync(file, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(file)!;
    throw error;
  }
  chmodSync(file, 0o600); // whatever the umask
  return keys;
}
