// The app as one long-running server process, for the crash test (tests/integration/resilience-crash.test.ts):
// the public route handlers on a port plus the in-process outbox worker, against the database in DATABASE_URL.
// Started by tests/helpers/app-process.ts with `node --import tsx`; it is meant to be killed with SIGKILL.
import http from "node:http";
import * as appEntry from "@/app/api/bitrix/app/route";
import * as install from "@/app/api/bitrix/install/route";
import * as check from "@/app/api/cashbox/[portalId]/[secret]/check/route";
import * as print from "@/app/api/cashbox/[portalId]/[secret]/print/route";
import * as cashboxes from "@/app/api/cashboxes/route";
import * as callback from "@/app/api/providers/callback/[receiptId]/[sig]/route";
import { getDb } from "@/lib/db";
import { drainOutbox } from "@/lib/fiscal/drain";
import { providerForProfile } from "@/lib/fiscal/provider-for";
import { DEFAULT_TIMING, type Timing } from "@/lib/fiscal/timing";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const routes: Array<[RegExp, string[], Handler]> = [
  [/^\/api\/bitrix\/install$/, [], install.POST as Handler],
  [/^\/api\/bitrix\/app$/, [], appEntry.POST as Handler],
  [/^\/api\/cashboxes$/, [], cashboxes.POST as Handler],
  [/^\/api\/cashbox\/([^/]+)\/([^/]+)\/print$/, ["portalId", "secret"], print.POST as Handler],
  [/^\/api\/cashbox\/([^/]+)\/([^/]+)\/check$/, ["portalId", "secret"], check.POST as Handler],
  [/^\/api\/providers\/callback\/([^/]+)\/([^/]+)$/, ["receiptId", "sig"], callback.POST as Handler],
];

/** Production delays ÷ 60: a dead process's lease (60 s) frees its jobs after a second. */
const timing = Object.fromEntries(Object.entries(DEFAULT_TIMING).map(([k, v]) => [k, k.startsWith("max") && k.endsWith("Attempts") ? v : v / 60])) as unknown as Timing;
const deps = { timing, providerFor: (p: Parameters<typeof providerForProfile>[0]) => providerForProfile(p, { timeoutMs: 1_000, reportIntervalMs: 0 }) };

const server = http.createServer(async (req, res) => {
  try {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = (req.url ?? "/").split("?")[0]!;
    const match = routes.map(([re, names, h]) => ({ m: path.match(re), names, h })).find((r) => r.m && req.method === "POST");
    let response: Response;
    if (path === "/api/ping") response = new Response("ok");
    else if (!match) response = new Response("not found", { status: 404 });
    else {
      const params = Object.fromEntries(match.names.map((n, i) => [n, decodeURIComponent(match.m![i + 1]!)]));
      const request = new Request(`${process.env.APP_URL}${req.url}`, { method: req.method, headers: req.headers as HeadersInit, body: Buffer.concat(chunks) });
      response = await match.h(request, { params: Promise.resolve(params) });
    }
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (err) {
    res.writeHead(500).end(String(err));
  }
});

server.listen(Number(process.env.PORT), "127.0.0.1", async () => {
  // Open (and for PGlite, recover and migrate) the database before saying we are up.
  await getDb();
  process.stdout.write("ready\n");
  // The in-process worker of a long-running server, one loop per process.
  for (;;) {
    await drainOutbox(await getDb(), { budgetMs: 500, concurrency: 8, deps }).catch((err) => process.stderr.write(`drain failed: ${err}\n`));
    await new Promise((r) => setTimeout(r, 20));
  }
});
