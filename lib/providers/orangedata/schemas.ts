import { z } from "zod";

// Answers of Orange Data Nebula API v2 (cloud-cashbox-providers.md §3.1). 201/409/202 have empty bodies; 400 carries
// `{"errors": [...]}`; a status 200 body is read by `fromOrangeStatus`.

export const orangeErrorsBody = z.object({ errors: z.array(z.string()).default([]) });

/** `Retry-After` of a 503 (queue full): seconds, or an HTTP date. */
export const retryAfterHeader = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const seconds = Number(v);
    if (v !== "" && Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
    const at = Date.parse(v);
    if (Number.isFinite(at)) return Math.max(0, at - Date.now());
    ctx.addIssue({ code: "custom", message: "bad Retry-After" });
    return z.NEVER;
  });

/** The ping answer of `GET /api/v2/`: "Nebula.Api v2", possibly JSON-quoted. */
export const pingBody = z.string().refine((t) => t.includes("Nebula.Api v2"));
