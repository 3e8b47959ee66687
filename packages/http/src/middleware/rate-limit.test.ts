import { expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

it('allows the limit per window, then answers the seconds to wait, then resets', () => {
  let now = 0;
  const limiter = new RateLimiter(3, 60_000, () => now);
  expect([limiter.hit('k'), limiter.hit('k'), limiter.hit('k')]).toEqual([0, 0, 0]);
  expect(limiter.hit('k')).toBe(60);
  expect(limiter.hit('other')).toBe(0);
  now = 30_000;
  expect(limiter.hit('k')).toBe(30);
  now = 60_000;
  expect(limiter.hit('k')).toBe(0);
});
