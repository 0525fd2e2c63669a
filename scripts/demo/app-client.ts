// The demo talks to the app the way Bitrix24 and the iframe do: the install POST, the frame entry (for a bearer),
// the JSON API with that bearer, and the cron route with CRON_SECRET.
import type { EmulatedPortal, FrameRequest } from "../../tests/fakes/bitrix-portal/types";

export class AppClient {
  private bearer = "";

  constructor(
    readonly appUrl: string,
    private readonly cronSecret: string,
  ) {}

  private async form(path: string, req: FrameRequest): Promise<Response> {
    return fetch(`${this.appUrl}${path}?${req.query}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: req.body,
      redirect: "manual",
    });
  }

  async install(portal: EmulatedPortal): Promise<void> {
    const res = await this.form("/api/bitrix/install", portal.installRequest());
    const location = res.headers.get("location") ?? "";
    if (!location.includes("status=ok")) throw new Error(`install failed: ${res.status} ${location} ${await res.text()}`);
    // The install page calls BX24.installFinish() in a real portal; here nobody opens it.
    portal.markInstallFinished();
  }

  /** Signs the portal's admin in through the frame entry; the bearer it hands the iframe is used for the API. */
  async signIn(portal: EmulatedPortal): Promise<string> {
    const res = await this.form("/api/bitrix/app", portal.frameRequest());
    const location = res.headers.get("location") ?? "";
    if (!location.includes("#token=")) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    this.bearer = decodeURIComponent(location.split("#token=")[1]!);
    return location.split("#")[0]!;
  }

  async api<T>(path: string, init: { method?: string; json?: unknown } = {}): Promise<T> {
    const res = await fetch(`${this.appUrl}${path}`, {
      method: init.method ?? (init.json === undefined ? "GET" : "POST"),
      headers: { authorization: `Bearer ${this.bearer}`, ...(init.json === undefined ? {} : { "content-type": "application/json" }) },
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  /** The scheduled payments sync (offline events → payments snapshot → receipt matching → reconciliation). */
  async syncPayments(): Promise<void> {
    const res = await fetch(`${this.appUrl}/api/cron/sync-payments`, { method: "POST", headers: { authorization: `Bearer ${this.cronSecret}` } });
    if (!res.ok) throw new Error(`payments sync: ${res.status} ${await res.text()}`);
  }
}

/** Polls `probe` until it returns a value (not undefined) or the time is up. */
export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 60_000, everyMs = 250): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
