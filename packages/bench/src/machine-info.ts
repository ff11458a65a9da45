import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';

/** The machine a run was measured on. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
}

export function machineInfo(): MachineInfo {
  const cpuList = cpus();
  return {
    cpu: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
  };
}

/** The 1-minute load average. */
export function currentLoad(): number {
  return loadavg()[0] ?? 0;
}

/** The bench package, whose node_modules holds the peers. */
const PACKAGE_DIR = new URL('../', import.meta.url);

/** Installed versions of the peers and tools, read from their package.json in node_modules. */
export function packageVersions(names: readonly string[]): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of names) {
    try {
      const json = readFileSync(new URL(`node_modules/${name}/package.json`, PACKAGE_DIR), 'utf8');
      versions[name] = (JSON.parse(json) as { version: string }).version;
    } catch {
      versions[name] = 'not installed';
    }
  }
  return versions;
}
