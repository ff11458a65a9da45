import { describe, expect, it } from 'vitest';
import { redisKeyPrefix } from './redis-key-prefix.js';

describe('redisKeyPrefix', () => {
  it('is namespaced, built from the label, and unique per call', () => {
    const a = redisKeyPrefix('Redis Store (cluster)');
    expect(a).toMatch(/^oauthkit:test:redis_store_cluster_[0-9a-f]{10}:$/);
    const many = new Set(Array.from({ length: 100 }, () => redisKeyPrefix('redis')));
    expect(many.size).toBe(100);
  });

  it('keeps long labels short and refuses labels without a letter or digit', () => {
    expect(redisKeyPrefix('x'.repeat(200)).length).toBeLessThan(64);
    expect(() => redisKeyPrefix('::')).toThrow(TypeError);
    expect(() => redisKeyPrefix(undefined as unknown as string)).toThrow(TypeError);
  });
});
