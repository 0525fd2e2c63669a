import { z } from "zod";

// Envelopes of ATOL Online v5 answers (cloud-cashbox-providers.md §1.1, §1.4). Loose on purpose: ATOL adds fields,
// and a 400/401/500 carries the same `{error, timestamp}` shape as a success.

export const atolErrorSchema = z
  .object({
    error_id: z.string().nullish(),
    code: z.coerce.number(),
    text: z.string().nullish(),
    type: z.string().nullish(),
  })
  .nullish();
export type AtolErrorBody = NonNullable<z.infer<typeof atolErrorSchema>>;

/** `POST /getToken` → `{error: null, token, timestamp}` or `{error: {code: 12…}, timestamp}`. */
export const atolTokenResponse = z.object({
  token: z.string().nullish(),
  error: atolErrorSchema,
  timestamp: z.string().nullish(),
});

/** `POST /{group}/{operation}` → `{uuid, status: "wait", error: null}`; 33 keeps the uuid; 32 has none. */
export const atolRegisterResponse = z.object({
  uuid: z.string().nullish(),
  status: z.string().nullish(),
  error: atolErrorSchema,
  timestamp: z.string().nullish(),
});

/** `GET /{group}/report/{uuid}`: only the envelope here; the payload is read by `fromAtolReport`. */
export const atolReportEnvelope = z.looseObject({
  uuid: z.string().nullish(),
  status: z.string().nullish(),
  error: atolErrorSchema,
  timestamp: z.string().nullish(),
});

export type AtolTokenResponse = z.infer<typeof atolTokenResponse>;
export type AtolRegisterResponse = z.infer<typeof atolRegisterResponse>;
export type AtolReportEnvelope = z.infer<typeof atolReportEnvelope>;
