import type { CutMode, TcpProxy } from '../tcp-proxy.js';
import type { OutageWindow } from './analyze-outage.js';
import { type FlowEvent, type FlowLoadOptions, runFlowLoad } from './flow-load.js';

/** Options of {@link runOutageScenario}: the load, the proxy to cut, and the timeline. */
export interface OutageScenarioOptions {
  load: Omit<FlowLoadOptions, 'running'>;
  proxy: TcpProxy;
  /** Load before the cut (default 3000 ms). */
  warmupMs?: number;
  /** How long the store stays cut (default 3000 ms). */
  outageMs?: number;
  /** Load after the restore (default 4000 ms). */
  recoveryMs?: number;
  mode?: CutMode;
}

/**
 * Runs the load, cuts the proxy after the warm-up, restores it after the outage, and lets
 * the load run through the recovery. Resolves every call and the window, for
 * `analyzeOutage`.
 *
 * @example
 * const { events, window } = await runOutageScenario({ load, proxy });
 */
export async function runOutageScenario(
  options: OutageScenarioOptions,
): Promise<{ events: FlowEvent[]; window: OutageWindow }> {
  const { warmupMs = 3_000, outageMs = 3_000, recoveryMs = 4_000 } = options;
  const startAt = performance.now();
  const stopAt = startAt + warmupMs + outageMs + recoveryMs;
  const window: OutageWindow = { startAt, cutAt: Number.NaN, restoreAt: Number.NaN, endAt: stopAt };
  const timeline = (async () => {
    await sleep(warmupMs);
    options.proxy.cut(options.mode);
    window.cutAt = performance.now();
    await sleep(outageMs);
    options.proxy.restore();
    window.restoreAt = performance.now();
  })();
  const events = await runFlowLoad({ ...options.load, running: () => performance.now() < stopAt });
  await timeline;
  window.endAt = performance.now();
  return { events, window };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
