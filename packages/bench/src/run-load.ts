import autocannon, { type AutocannonRequest, type AutocannonResult } from 'autocannon';

/** What autocannon sends: one request, or one per body for single-use values (codes). */
export interface RequestPlan {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Each sent once, in order, across all connections; overrides `body`. */
  bodies?: string[];
}

/** One measurement. Latencies in milliseconds. */
export interface LoadResult {
  /** Successful (2xx) responses per second. */
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  /** Non-2xx responses, errors and timeouts: any is a failed measurement. */
  failures: number;
  statusCodes: Record<string, number>;
  /** `bodies` ran out before the time was up (the pool was too small). */
  exhausted: boolean;
}

/**
 * Runs autocannon against 127.0.0.1:`port` for `duration` seconds with `connections`
 * keep-alive connections, one request in flight on each.
 */
export async function runLoad(
  port: number,
  plan: RequestPlan,
  connections: number,
  duration: number,
): Promise<LoadResult> {
  const request: AutocannonRequest = {
    method: plan.method,
    path: plan.path,
    headers: plan.headers,
  };
  if (plan.body !== undefined) request.body = plan.body;
  let exhausted = false;
  if (plan.bodies) {
    const bodies = plan.bodies;
    let next = 0;
    // autocannon calls this for every request it builds: each code goes out exactly once.
    request.setupRequest = (req) => {
      const body = bodies[next++];
      if (body === undefined) exhausted = true;
      return { ...req, body: body ?? 'grant_type=authorization_code&code=pool-exhausted' };
    };
  }
  // autocannon's own percentiles are whole milliseconds; keep every response time instead.
  const latencies: number[] = [];
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const tracker = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        duration,
        pipelining: 1,
        timeout: 10,
        requests: [request],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    tracker.on('response', (_client, status, _bytes, time) => {
      if (status >= 200 && status < 300) latencies.push(time);
    });
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) statusCodes[code] = count;
  return {
    rps: result['2xx'] / result.duration,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    ok: result['2xx'],
    failures: result.non2xx + result.errors + result.timeouts,
    statusCodes,
    exhausted,
  };
}

/** The nearest-rank percentile `p` (0..1) of `values`, in their unit; NaN for none. */
function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}
