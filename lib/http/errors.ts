import { ZodError } from "zod";
import { log } from "@/lib/log";

// One error type, one exit: services throw AppError; route handlers end in toErrorResponse().

const STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  validation: 422,
  rate_limited: 429,
  upstream: 502,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: Record<string, string>;
  constructor(code: ErrorCode, message: string, opts: { fields?: Record<string, string>; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.code = code;
    this.fields = opts.fields;
  }
  get status(): number {
    return STATUS[this.code];
  }
}

/** Zod issues → `{ "company.inn": "message" }` (first message per field). */
export function fieldErrors(err: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of err.issues) {
    const key = issue.path.join(".") || "_";
    fields[key] ??= issue.message;
  }
  return fields;
}

export function toErrorResponse(err: unknown): Response {
  if (err instanceof ZodError) {
    return Response.json(
      { error: { code: "validation", message: "Проверьте заполнение полей", fields: fieldErrors(err) } },
      { status: STATUS.validation },
    );
  }
  if (err instanceof AppError) {
    if (err.status >= 500) log.error("request failed", { code: err.code, message: err.message, cause: err.cause });
    return Response.json({ error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } }, { status: err.status });
  }
  log.error("unhandled error", { error: err });
  return Response.json({ error: { code: "internal", message: "Внутренняя ошибка. Попробуйте ещё раз или обратитесь в поддержку." } }, { status: 500 });
}
