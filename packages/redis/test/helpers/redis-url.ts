/** The standalone Redis of the direct tests: `REDIS_URL`, or the local default service. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
