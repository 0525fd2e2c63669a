// Token buckets per key (portal, user), in this process's memory. A soft shield against a runaway client or a
// hostile flood: each instance limits on its own, which is enough to keep one portal from starving the others.

export interface BucketSpec {
  /** Requests allowed at once. */
  burst: number;
  /** Refill rate, requests per second. */
  perSecond: number;
}

export const LIMITS = {
  /** Bitrix24 itself sends one check per paid payment: a hundred a second from one portal is not a shop. */
  print: { burst: 500, perSecond: 100 },
  check: { burst: 100, perSecond: 20 },
  events: { burst: 100, perSecond: 20 },
  frame: { burst: 30, perSecond: 1 },
  api: { burst: 120, perSecond: 20 },
} satisfies Record<string, BucketSpec>;

const MAX_KEYS = 50_000;
const buckets = new Map<string, { tokens: number; at: number }>();

/** Takes one token; false when the key is over its limit. */
export function takeToken(key: string, spec: BucketSpec, now = Date.now()): boolean {
  const b = buckets.get(key) ?? { tokens: spec.burst, at: now };
  b.tokens = Math.min(spec.burst, b.tokens + ((now - b.at) / 1000) * spec.perSecond);
  b.at = now;
  const ok = b.tokens >= 1;
  if (ok) b.tokens -= 1;
  if (!buckets.has(key) && buckets.size >= MAX_KEYS) buckets.delete(buckets.keys().next().value!);
  buckets.set(key, b);
  return ok;
}

export function resetRateLimits(): void {
  buckets.clear();
}
