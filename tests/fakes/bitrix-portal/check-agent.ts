/**
 * The CHECK_URL agent `\Bitrix\Sale\Cashbox\Manager::updateChecksStatus()` (SALE manager.php @da28d4e, every 120 s)
 * and `CashboxRest::check()` (cashboxrest.php @546fa90):
 * - takes at most 5 checks portal-wide with STATUS 'P' whose cashbox is a REST (checkable) cashbox with
 *   ACTIVE 'Y', in table order (lowest ID first). **It does not skip checks without EXTERNAL_UUID**: a check stuck in
 *   P without a UUID is polled with an empty body (`http_build_query(['uuid' => null])` is ""), nothing changes, and
 *   it keeps one of the 5 slots on every run — five stuck checks starve the agent for good;
 * - POSTs `uuid=<EXTERNAL_UUID>` (lower-case key) form-encoded to the handler's CHECK_URL (HTTP_VERSION honoured);
 * - the answer's data (`{}` on a transport error, a non-200 status or invalid JSON — those errors are ignored) gets
 *   `UUID` overwritten with the check's EXTERNAL_UUID; STATUS === 'WAIT' (exact) ⇒ nothing; anything else goes to
 *   applyCheckResult: STATUS === 'ERROR' ⇒ E with ERROR; **every other answer ⇒ Y ("printed") with whatever fiscal
 *   fields came, null when absent** — the false-printed trap;
 * - a PHP fatal (JSON scalar body, non-numeric PRINT_END_TIME, a cashbox whose handler is gone) ends the run.
 */
import { applyCheckResult, type CheckStorePortal, type EmulatedCheck } from "./checks";
import { PhpTypeError, phpHttpBuildQuery } from "./php";
import { saleHttpSendRequest } from "./php-http-client";
import { findHandlerForCashbox } from "./print-sender";
import type { CashboxRow } from "./rest-methods/cashboxes";
import type { HandlerRow } from "./rest-methods/cashbox-handlers";

export const CHECK_AGENT_LIMIT = 5;
export const CHECK_AGENT_INTERVAL_MS = 120_000;
const REST_HANDLER_CLASS = "\\Bitrix\\Sale\\Cashbox\\CashboxRest";

export interface CheckAgentPoll {
  checkId: number;
  /** The EXTERNAL_UUID posted (null ⇒ empty body). */
  uuid: string | null;
  outcome: "wait" | "error" | "printed" | "unchanged" | "fatal";
  statusBefore: EmulatedCheck["STATUS"];
  statusAfter: EmulatedCheck["STATUS"];
}

export interface CheckAgentRun {
  /** Real clock, unix ms. */
  startedAt: number;
  polls: CheckAgentPoll[];
  /** Set when the run died on a PHP fatal (later checks of this run were not polled). */
  fatal: string | null;
}

export interface AgentPortal extends CheckStorePortal {
  cashboxes: CashboxRow[];
  handlers: HandlerRow[];
}

export interface CheckAgentOptions {
  socketTimeoutMs?: number;
  streamTimeoutMs?: number;
}

export async function runCheckAgent(portal: AgentPortal, opts: CheckAgentOptions = {}): Promise<CheckAgentRun> {
  const run: CheckAgentRun = { startedAt: Date.now(), polls: [], fatal: null };
  const cashboxes = new Map(portal.cashboxes.filter((c) => c.HANDLER === REST_HANDLER_CLASS).map((c) => [c.ID, c]));
  const picked = [...portal.checks.values()]
    .filter((c) => c.STATUS === "P" && c.CASHBOX_ID !== null && cashboxes.get(c.CASHBOX_ID)?.ACTIVE === "Y")
    .sort((a, b) => a.ID - b.ID)
    .slice(0, CHECK_AGENT_LIMIT);

  for (const check of picked) {
    const statusBefore = check.STATUS;
    const poll: CheckAgentPoll = { checkId: check.ID, uuid: check.EXTERNAL_UUID, outcome: "unchanged", statusBefore, statusAfter: statusBefore };
    run.polls.push(poll);
    const cashbox = cashboxes.get(check.CASHBOX_ID!)!;
    const handler = findHandlerForCashbox(portal, cashbox);
    const checkUrl = handler?.SETTINGS?.CHECK_URL;
    if (!handler || typeof checkUrl !== "string") {
      poll.outcome = "fatal";
      run.fatal = "TypeError: Bitrix\\Sale\\Helpers\\Rest\\Http::sendRequest(): Argument #1 ($url) must be of type string, null given";
      break;
    }
    const body = phpHttpBuildQuery({ uuid: check.EXTERNAL_UUID });
    const version = handler.SETTINGS.HTTP_VERSION;
    const response = await saleHttpSendRequest(checkUrl, body, {
      version: typeof version === "string" && version !== "" ? version : undefined,
      socketTimeoutMs: opts.socketTimeoutMs,
      streamTimeoutMs: opts.streamTimeoutMs,
    });
    check.checkUrlCalls.push({ url: checkUrl, requestBody: body, response });
    if (response.fatal) {
      poll.outcome = "fatal";
      run.fatal = response.fatal;
      break;
    }
    const data: Record<string, unknown> = { ...response.data, UUID: check.EXTERNAL_UUID };
    if (data.STATUS === "WAIT") {
      poll.outcome = "wait";
      continue;
    }
    try {
      const saved = applyCheckResult(portal, data, "agent");
      poll.statusAfter = check.STATUS;
      poll.outcome = !saved.changed ? "unchanged" : check.STATUS === "E" ? "error" : check.STATUS === "Y" ? "printed" : "unchanged";
    } catch (e) {
      if (!(e instanceof PhpTypeError)) throw e;
      poll.outcome = "fatal";
      run.fatal = e.message;
      break;
    }
  }
  return run;
}

/** setInterval-driven agent; runs never overlap. */
export class CheckAgentLoop {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly portal: AgentPortal,
    private readonly onRun: (run: CheckAgentRun) => void,
  ) {}

  start(intervalMs = CHECK_AGENT_INTERVAL_MS): void {
    this.stop();
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = true;
      runCheckAgent(this.portal)
        .then(this.onRun, (e: unknown) => this.onRun({ startedAt: Date.now(), polls: [], fatal: String(e) }))
        .finally(() => {
          this.running = false;
        });
    }, intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
