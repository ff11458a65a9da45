import { percentile } from '../latency-stats.js';
import type { FlowEvent, FlowStep } from './flow-load.js';

/** When the outage happened, in `performance.now()` ms. */
export interface OutageWindow {
  startAt: number;
  cutAt: number;
  restoreAt: number;
  endAt: number;
}

/** What the clients saw around an outage, and what should not have happened. */
export interface OutageAnalysis {
  total: number;
  /** Requests started while the store was cut. */
  outage: {
    requests: number;
    successes: number;
    outcomes: Record<string, number>;
    p50Ms: number;
    p99Ms: number;
    maxMs: number;
  };
  recovery: {
    /** Per step, ms from the restore to the end of its first success started after it. */
    firstSuccessMs: Partial<Record<FlowStep, number>>;
    /** The slowest of those, once every step succeeded again; `null` if one never did. */
    recoveredMs: number | null;
    /** Failures of requests started more than `graceMs` after the restore. */
    lateFailures: FlowEvent[];
  };
  /** Codes and refresh tokens that were redeemed more than once. */
  doubleRedemptions: string[];
  /** Answers no phase allows (a hang, a 401 for a store failure, a 503 outside the outage...). */
  unexpected: { event: FlowEvent; why: string }[];
  /** Every token-issuing success, for the checks against the database. */
  issued: FlowEvent[];
}

const isSuccess = (e: FlowEvent) =>
  e.step === 'authorize' ? e.status === 302 && e.presented !== null : e.status === 200;
const isStoreFailure = (e: FlowEvent) =>
  e.error === 'temporarily_unavailable' || e.error === 'server_error';
// A retried code or refresh token may have been spent by the attempt that failed.
const isSpentRetry = (e: FlowEvent) => e.retry && e.status === 400 && e.error === 'invalid_grant';

/** `code 503 temporarily_unavailable`, `authorize 302 code`... */
export function outcomeOf(e: FlowEvent): string {
  if (e.step === 'authorize' && isSuccess(e)) return 'authorize 302 code';
  return `${e.step} ${e.status}${e.error ? ` ${e.error}` : ''}`;
}

/**
 * Sorts the calls of a load run around an outage: what was answered during it and how
 * fast, when each step succeeded again, which codes or refresh tokens were redeemed twice,
 * and which answers are wrong in any phase. Store failures (503 `temporarily_unavailable`,
 * 500 `server_error`) are expected only for calls overlapping the outage or its `graceMs`.
 *
 * @example
 * const analysis = analyzeOutage(events, window, { graceMs: 3_000 });
 * console.log(formatOutageReport('postgres', analysis));
 */
export function analyzeOutage(
  events: readonly FlowEvent[],
  window: OutageWindow,
  options: { graceMs: number },
): OutageAnalysis {
  const { cutAt, restoreAt } = window;
  const settledAt = restoreAt + options.graceMs;
  const during = events.filter((e) => e.start >= cutAt && e.start < restoreAt);
  const outcomes: Record<string, number> = {};
  for (const e of during) outcomes[outcomeOf(e)] = (outcomes[outcomeOf(e)] ?? 0) + 1;
  const latencies = during.map((e) => e.end - e.start);
  const firstSuccessMs: Partial<Record<FlowStep, number>> = {};
  for (const e of events) {
    if (e.start < restoreAt || !isSuccess(e)) continue;
    const ms = e.end - restoreAt;
    if (firstSuccessMs[e.step] === undefined || ms < firstSuccessMs[e.step]!) {
      firstSuccessMs[e.step] = ms;
    }
  }
  const steps: FlowStep[] = ['client_credentials', 'authorize', 'code', 'refresh'];
  const recovered = steps.map((s) => firstSuccessMs[s]);
  const unexpected: OutageAnalysis['unexpected'] = [];
  for (const e of events) {
    if (e.problems.length > 0)
      unexpected.push({ event: e, why: `malformed: ${e.problems.join('; ')}` });
    if (isSuccess(e) || isSpentRetry(e)) continue;
    if (e.error === 'hang' || e.error === 'exception') unexpected.push({ event: e, why: e.error });
    else if (!isStoreFailure(e)) unexpected.push({ event: e, why: 'not a store-failure answer' });
    else if (e.end < cutAt || e.start > settledAt) {
      unexpected.push({ event: e, why: 'a store failure outside the outage' });
    }
  }
  const redeemed = new Map<string, number>();
  for (const e of events) {
    if ((e.step === 'code' || e.step === 'refresh') && e.status === 200 && e.presented !== null) {
      redeemed.set(e.presented, (redeemed.get(e.presented) ?? 0) + 1);
    }
  }
  return {
    total: events.length,
    outage: {
      requests: during.length,
      successes: during.filter(isSuccess).length,
      outcomes,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies.length === 0 ? Number.NaN : Math.max(...latencies),
    },
    recovery: {
      firstSuccessMs,
      recoveredMs: recovered.every((ms) => ms !== undefined) ? Math.max(...recovered) : null,
      lateFailures: events.filter((e) => e.start > settledAt && !isSuccess(e) && !isSpentRetry(e)),
    },
    doubleRedemptions: [...redeemed].filter(([, n]) => n > 1).map(([value]) => value),
    unexpected,
    issued: events.filter((e) => e.step !== 'authorize' && e.status === 200),
  };
}

/** The figures of an {@link OutageAnalysis} as a block of text for the test log. */
export function formatOutageReport(
  name: string,
  a: OutageAnalysis,
  extra: Record<string, string | number> = {},
): string {
  const ms = (v: number | null | undefined) =>
    v == null || Number.isNaN(v) ? 'n/a' : `${Math.round(v)} ms`;
  const lines = [
    `==== store outage under load: ${name} ====`,
    `requests in total ............ ${a.total}`,
    `requests during the outage ... ${a.outage.requests} (${a.outage.successes} succeeded)`,
    `latency during the outage .... p50 ${ms(a.outage.p50Ms)}, p99 ${ms(a.outage.p99Ms)}, max ${ms(a.outage.maxMs)}`,
    'answers during the outage:',
    ...Object.entries(a.outage.outcomes)
      .sort(([, x], [, y]) => y - x)
      .map(([outcome, n]) => `  ${String(n).padStart(6)}  ${outcome}`),
    `time to recover .............. ${ms(a.recovery.recoveredMs)} (first success per step: ${Object.entries(
      a.recovery.firstSuccessMs,
    )
      .map(([step, v]) => `${step} ${ms(v)}`)
      .join(', ')})`,
    `failures after the grace ..... ${a.recovery.lateFailures.length}`,
    `double redemptions ........... ${a.doubleRedemptions.length}`,
    `unexpected answers ........... ${a.unexpected.length}`,
    ...Object.entries(extra).map(([k, v]) => `${`${k} `.padEnd(30, '.')} ${v}`),
    '='.repeat(40),
  ];
  return lines.join('\n');
}
