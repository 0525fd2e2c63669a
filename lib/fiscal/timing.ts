// How long the pipeline waits between tries. Production values; tests pass smaller ones to drainOutbox.

export interface Timing {
  /** Lease of a claimed job: a worker that dies holding it frees the job after this long. */
  leaseMs: number;
  /** First wait before asking the provider for the result of a just-registered receipt. */
  firstPollMs: number;
  /** Longest wait between report polls. */
  maxPollMs: number;
  /** Base and cap of the exponential back-off after unknown outcomes and errors. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Tries of one job before it is given up and shown to support. */
  maxAttempts: number;
  /** Bitrix24 may not have stored our UUID yet when the result is ready (ERROR_CHECK_NOT_FOUND): retry this often. */
  applyRetryMs: number;
  maxApplyAttempts: number;
  /**
   * A result waits this long for others to share its check.apply batch (Bitrix24 allows 2 requests/s per portal;
   * its own CHECK_URL agent asks only every 2 minutes, so a second's delay costs nothing).
   */
  applyLingerMs: number;
}

export const DEFAULT_TIMING: Timing = {
  leaseMs: 60_000,
  firstPollMs: 1_000,
  maxPollMs: 30_000,
  backoffBaseMs: 2_000,
  backoffMaxMs: 5 * 60_000,
  maxAttempts: 40,
  applyRetryMs: 5_000,
  maxApplyAttempts: 60,
  applyLingerMs: 1_000,
};

/** Exponential back-off with ±20 % jitter so a provider outage's backlog does not return in one wave. */
export function backoffMs(attempt: number, t: Timing): number {
  const base = Math.min(t.backoffMaxMs, t.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export function pollDelayMs(attempt: number, t: Timing): number {
  return Math.min(t.maxPollMs, t.firstPollMs * 2 ** Math.max(0, attempt - 1));
}
