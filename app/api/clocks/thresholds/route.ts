// PUT /api/clocks/thresholds {clockSkewMs, queueDelayMs} – when a clock offset or a queue delay counts as a problem
// (diagnostics and the causes reconciliation chooses). Admins only; audited.
import { z } from "zod";
import { saveThresholds } from "@/lib/clocks/diagnostics";
import { readJson, withSession } from "@/lib/http/handlers";

export const runtime = "nodejs";

const body = z.object({
  // Below a second the measurement's own uncertainty decides; above an hour a skew would pass for a time zone.
  clockSkewMs: z.number({ error: "Порог сдвига часов: число миллисекунд" }).int().min(1_000, { error: "Не меньше 1 секунды" }).max(1_800_000, { error: "Не больше 30 минут" }),
  queueDelayMs: z.number({ error: "Порог задержки очереди: число миллисекунд" }).int().min(10_000, { error: "Не меньше 10 секунд" }).max(86_400_000, { error: "Не больше суток" }),
});

export const PUT = withSession(async ({ req, db, user, portal }) => {
  const b = body.parse(await readJson(req));
  return Response.json(await saveThresholds(db, { portal, user }, b));
});
