import { describe, expect, it } from 'vitest';
import { targetTable } from '../src/render-report.js';
import type { Cell } from '../src/run-scenario.js';
import type { TargetGroup } from '../src/targets.js';

const cell = (scenario: Cell['scenario'], serverId: string, connections: number, rps: number) =>
  ({ scenario, serverId, connections, rps }) as Cell;

const GROUP: TargetGroup = {
  title: 'Goals',
  targets: [
    { scenario: 'code_exchange', subject: 'kit-redis', reference: 'bare-store', min: 0.4 },
    { scenario: 'bearer', subject: 'kit-memory', reference: 'nos-http', min: 1 },
  ],
};
const settings = { duration: 2, warmup: 1, reps: 5, connections: [10, 100] };

describe('targetTable', () => {
  it('gives each target its ratio per connection count, met only when every one is', () => {
    const cells = [
      cell('code_exchange', 'bare-store', 10, 1000),
      cell('code_exchange', 'bare-store', 100, 2000),
      cell('code_exchange', 'kit-redis', 10, 400),
      cell('code_exchange', 'kit-redis', 100, 790),
      cell('bearer', 'nos-http', 10, 100),
      cell('bearer', 'nos-http', 100, 100),
      cell('bearer', 'kit-memory', 10, 120),
      cell('bearer', 'kit-memory', 100, 101),
    ];
    const lines = targetTable({ cells, settings }, GROUP);
    expect(lines).toContain('### Goals');
    expect(lines).toContain(
      '| code_exchange: oauthkit (Redis) ≥ 0.4× bare node:http + random token + Map | 0.40× | 0.40× | no |',
    );
    expect(lines).toContain(
      '| bearer: oauthkit (memory) ≥ 1× @node-oauth/oauth2-server | 1.20× | 1.01× | yes |',
    );
    // 790 / 2000 = 0.395: printed 0.40 but under the target, so not met.
    expect(lines.at(-1)).toBe('1 of 2 targets met in this run.');
  });

  it('says every target is met only when all were measured and met', () => {
    const cells = [
      cell('code_exchange', 'bare-store', 10, 1000),
      cell('code_exchange', 'kit-redis', 10, 500),
      cell('bearer', 'nos-http', 10, 100),
      cell('bearer', 'kit-memory', 10, 100),
    ];
    const one = { ...settings, connections: [10] };
    expect(targetTable({ cells, settings: one }, GROUP).at(-1)).toBe(
      'All 2 targets met in this run.',
    );
    // node-oauth2-server did not run: that target is not counted as met.
    const partial = cells.filter((c) => c.serverId !== 'nos-http');
    expect(targetTable({ cells: partial, settings: one }, GROUP).at(-1)).toBe(
      '1 of 2 targets met; 1 could not be measured in this run.',
    );
  });

  it('writes nothing for a group none of whose servers ran', () => {
    expect(targetTable({ cells: [cell('bearer', 'bare', 10, 1)], settings }, GROUP)).toEqual([]);
  });
});
