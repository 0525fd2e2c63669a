/**
 * Errors as the Bitrix24 REST server renders them: `{error, error_description}` with HTTP status.
 * Method errors (`RestException`) are 400; `AccessException` is 403 "Access denied!" + message;
 * system errors per EN `_includes/system-errors.md`.
 */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | number,
    readonly description: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${code}: ${description}`);
  }

  body(): Record<string, unknown> {
    return { error: this.code, error_description: this.description, ...this.extra };
  }
}

/** `Bitrix\Rest\AccessException`: 403 ACCESS_DENIED, "Access denied!" with the reason appended. */
export function accessDenied(reason?: string): RestError {
  return new RestError(403, "ACCESS_DENIED", reason ? `Access denied! ${reason}` : "Access denied!");
}

/** SALE `RestService::ERROR_CHECK_FAILURE` (HTTP 400). */
export function checkFailure(description: string): RestError {
  return new RestError(400, "ERROR_CHECK_FAILURE", description);
}

/** A `RestException` with its own code (HTTP 400). Code '' is what SALE throws for bad SELECT/FILTER/ORDER. */
export function methodError(code: string | number, description: string): RestError {
  return new RestError(400, code, description);
}

/** `Rest\Exceptions\ArgumentNullException` (EN placement-bind.md error example). */
export function argumentNull(name: string): RestError {
  return new RestError(400, "ERROR_ARGUMENT", `Argument '${name}' is null or empty`, { argument: name });
}

/** `Rest\Exceptions\ArgumentException`. */
export function argumentError(description: string, name: string): RestError {
  return new RestError(400, "ERROR_ARGUMENT", description, { argument: name });
}

export const systemErrors = {
  noAuth: () => new RestError(401, "NO_AUTH_FOUND", "Wrong authorization data"),
  invalidToken: () => new RestError(401, "invalid_token", "The access token provided is invalid."),
  expiredToken: () => new RestError(401, "expired_token", "The access token provided has expired."),
  methodNotFound: () => new RestError(404, "ERROR_METHOD_NOT_FOUND", "Method not found!"),
  queryLimit: () => new RestError(503, "QUERY_LIMIT_EXCEEDED", "Too many requests"),
  operationTimeLimit: () => new RestError(429, "OPERATION_TIME_LIMIT", "Method is blocked due to operation time limit."),
};
