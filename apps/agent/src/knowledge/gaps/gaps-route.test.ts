import { describe, expect, it } from 'vitest';
import { parseRoute, paths } from '../routes.ts';

describe('the knowledge-gap address', () => {
  it('reads the period from the query, 90 days by default and for anything out of range', () => {
    expect(parseRoute('/knowledge/gaps', '')).toEqual({ screen: 'gaps', days: 90 });
    expect(parseRoute('/knowledge/gaps', '?days=30')).toEqual({ screen: 'gaps', days: 30 });
    for (const bad of ['0', '366', '-5', 'abc', '1e2', '9999'])
      expect(parseRoute('/knowledge/gaps', `?days=${bad}`)).toEqual({ screen: 'gaps', days: 90 });
  });

  it('writes the default period without a query', () => {
    expect(paths.gaps()).toBe('/knowledge/gaps');
    expect(paths.gaps(90)).toBe('/knowledge/gaps');
    expect(paths.gaps(180)).toBe('/knowledge/gaps?days=180');
    const { pathname, search } = new URL(paths.gaps(365), 'http://x');
    expect(parseRoute(pathname, search)).toEqual({ screen: 'gaps', days: 365 });
  });
});
