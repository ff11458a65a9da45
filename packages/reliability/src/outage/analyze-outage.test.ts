import { describe, expect, test } from 'vitest';
import { analyzeOutage, formatOutageReport, outcomeOf } from './analyze-outage.js';
import type { FlowEvent } from './flow-load.js';

const window = { startAt: 0, cutAt: 1_000, restoreAt: 2_000, endAt: 6_000 };

function event(partial: Partial<FlowEvent> & Pick<FlowEvent, 'step' | 'start'>): FlowEvent {
  return {
    end: partial.start + 10,
    status: 200,
    error: null,
    presented: null,
    accessToken: partial.status === undefined || partial.status === 200 ? 'at' : null,
    refreshToken: null,
    retry: false,
    problems: [],
    ...partial,
  };
}

const unavailable = { status: 503, error: 'temporarily_unavailable' } as const;

describe('analyzeOutage', () => {
  const events = [
    event({ step: 'client_credentials', start: 500 }),
    event({ step: 'client_credentials', start: 1_100, end: 1_130, ...unavailable }),
    event({ step: 'authorize', start: 1_200, end: 1_210, ...unavailable }),
    event({ step: 'refresh', start: 1_500, status: 401, error: 'invalid_client' }),
    event({ step: 'code', start: 1_600, end: 7_000, status: 0, error: 'hang' }),
    event({ step: 'authorize', start: 2_050, end: 2_060, status: 302, presented: 'c1' }),
    event({ step: 'code', start: 2_100, end: 2_150, presented: 'c1' }),
    event({ step: 'code', start: 2_200, end: 2_300, presented: 'c1' }),
    event({ step: 'refresh', start: 2_400, end: 2_500, presented: 'r1' }),
    event({ step: 'client_credentials', start: 2_600, end: 2_700 }),
    event({
      step: 'code',
      start: 3_500,
      retry: true,
      status: 400,
      error: 'invalid_grant',
      presented: 'c2',
    }),
    event({ step: 'client_credentials', start: 4_000, ...unavailable }),
    event({ step: 'refresh', start: 4_500, problems: ['Pragma is not no-cache'] }),
  ];
  const analysis = analyzeOutage(events, window, { graceMs: 1_000 });

  test('counts what was answered during the outage, and how fast', () => {
    expect(analysis.total).toBe(13);
    expect(analysis.outage.requests).toBe(4);
    expect(analysis.outage.successes).toBe(0);
    expect(analysis.outage.outcomes).toEqual({
      'client_credentials 503 temporarily_unavailable': 1,
      'authorize 503 temporarily_unavailable': 1,
      'refresh 401 invalid_client': 1,
      'code 0 hang': 1,
    });
    expect(analysis.outage.p99Ms).toBe(5_400);
    expect(analysis.outage.p50Ms).toBe(10);
  });

  test('times the recovery of each step from the restore', () => {
    expect(analysis.recovery.firstSuccessMs).toEqual({
      authorize: 60,
      code: 150,
      refresh: 500,
      client_credentials: 700,
    });
    expect(analysis.recovery.recoveredMs).toBe(700);
    expect(analysis.recovery.lateFailures.map(outcomeOf)).toEqual([
      'client_credentials 503 temporarily_unavailable',
    ]);
  });

  test('finds double redemptions and the answers no phase allows; a spent retry is fine', () => {
    expect(analysis.doubleRedemptions).toEqual(['c1']);
    expect(analysis.unexpected.map(({ event: e, why }) => `${why}: ${outcomeOf(e)}`)).toEqual([
      'not a store-failure answer: refresh 401 invalid_client',
      'hang: code 0 hang',
      'a store failure outside the outage: client_credentials 503 temporarily_unavailable',
      'malformed: Pragma is not no-cache: refresh 200',
    ]);
    expect(analysis.issued.map((e) => e.start)).toEqual([500, 2_100, 2_200, 2_400, 2_600, 4_500]);
  });

  test('reports no recovery when a step never succeeded again, and prints the figures', () => {
    const stuck = analyzeOutage(events.slice(0, 5), window, { graceMs: 1_000 });
    expect(stuck.recovery.recoveredMs).toBeNull();
    const text = formatOutageReport('demo', analysis, { extra: 1 });
    expect(text).toContain('==== store outage under load: demo ====');
    expect(text).toContain('requests during the outage ... 4 (0 succeeded)');
    expect(text).toContain('time to recover .............. 700 ms');
    expect(text).toContain('extra ........................ 1');
  });
});
