/**
 * Fault injection for the fake ATOL server: random rates (seeded) and one-shot queued faults.
 * A "timeout" holds the request until the client gives up (bounded by `hangMs`); 500 answers ATOL's JSON code 50,
 * 502/503 answer a proxy's HTML page (not JSON). Phase 'after' means the call was processed (a document stored,
 * a token issued) and only the answer is lost — the case idempotency exists for.
 */
export type AtolRouteKind = "getToken" | "register" | "report";
export type AtolFault = "timeout" | 500 | 502 | 503 | "expire_token";
export type AtolFaultPhase = "before" | "after";

export interface AtolFaultPlan {
  /** Fraction (0..1) of calls that hang until the client aborts. */
  timeoutRate?: number;
  /** Fraction of calls answered with one of `errorStatuses`. */
  errorRate?: number;
  errorStatuses?: Array<500 | 502 | 503>;
  /** Fraction of authenticated calls before which every token expires (→ 401 code 11). */
  tokenExpiryRate?: number;
  /** Fraction of callbacks not delivered. */
  callbackDropRate?: number;
  /** Fraction of new documents that end in `fail` with error type 'timeout' (a new external_id is needed). */
  documentTimeoutRate?: number;
  /** When a timeout/5xx strikes: before or after processing; 'random' picks per call. Default 'random'. */
  phase?: AtolFaultPhase | "random";
  /** Routes that timeouts and 5xx apply to. Default all. */
  routes?: AtolRouteKind[];
  /** Longest a hung request is held before its socket is destroyed (ms). Default 30 000. */
  hangMs?: number;
}

export interface AtolQueuedFault {
  /** Route it applies to; any route when omitted. */
  route?: AtolRouteKind;
  fault: AtolFault;
  phase?: AtolFaultPhase;
}

export interface PickedFault {
  fault: AtolFault;
  phase: AtolFaultPhase;
}

interface FaultSource {
  faults: AtolFaultPlan;
  queuedFaults: AtolQueuedFault[];
  random: () => number;
}

/** The fault for this call, if any: a queued one first, then the random rates. */
export function pickFault(src: FaultSource, route: AtolRouteKind, authenticated: boolean): PickedFault | undefined {
  const plan = src.faults;
  const phaseOf = (p?: AtolFaultPhase) => p ?? (plan.phase === "before" || plan.phase === "after" ? plan.phase : src.random() < 0.5 ? "before" : "after");
  const queued = src.queuedFaults.findIndex((f) => !f.route || f.route === route);
  if (queued >= 0) {
    const [f] = src.queuedFaults.splice(queued, 1);
    return { fault: f!.fault, phase: phaseOf(f!.phase) };
  }
  if (authenticated && chance(src, plan.tokenExpiryRate)) return { fault: "expire_token", phase: "before" };
  if (plan.routes && !plan.routes.includes(route)) return undefined;
  if (chance(src, plan.timeoutRate)) return { fault: "timeout", phase: phaseOf() };
  if (chance(src, plan.errorRate)) {
    const statuses: Array<500 | 502 | 503> = plan.errorStatuses?.length ? plan.errorStatuses : [500, 502, 503];
    return { fault: statuses[Math.floor(src.random() * statuses.length)]!, phase: phaseOf() };
  }
  return undefined;
}

export function chance(src: { random: () => number }, rate: number | undefined): boolean {
  return !!rate && src.random() < rate;
}

/** mulberry32: a tiny seeded PRNG so a fault run can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Body of an injected 5xx: ATOL's own JSON for 500, a proxy's HTML page otherwise. */
export function faultBody(status: 500 | 502 | 503, timestamp: string): { contentType: string; text: string } {
  if (status === 500) {
    return {
      contentType: "application/json; charset=utf-8",
      text: JSON.stringify({ error: { error_id: "fault", code: 50, text: "Ошибка конфигурации сервера", type: "system" }, timestamp }),
    };
  }
  const title = status === 502 ? "502 Bad Gateway" : "503 Service Temporarily Unavailable";
  return { contentType: "text/html", text: `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>` };
}
