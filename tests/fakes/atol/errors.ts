/**
 * ATOL v5 service errors: `{error: {error_id, code, text, type}, timestamp}` with the HTTP status of the code
 * (cloud-cashbox-providers.md §1.1 example, §1.5 table). Texts other than code 12's are not quoted in the
 * reference and are the emulator's own wording.
 */
import { randomUUID } from "node:crypto";

export class AtolHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly text: string,
    readonly type: "system" | "driver" | "timeout" | "unknown" | "agent" = "system",
  ) {
    super(`${code}: ${text}`);
  }

  body(timestamp: string): Record<string, unknown> {
    return { error: { error_id: randomUUID(), code: this.code, text: this.text, type: this.type }, timestamp };
  }
}

export const atolErrors = {
  /** 12 / 401 — text as in the ATOL protocol example. */
  wrongCredentials: () => new AtolHttpError(401, 12, "Неверный логин или пароль"),
  /** 13 / 400 — request validation. */
  validation: (what: string) => new AtolHttpError(400, 13, `Ошибка валидации запроса: ${what}`),
  /** 14 / 403 */
  userBlocked: () => new AtolHttpError(403, 14, "Пользователь заблокирован"),
  /** 40 / 400 */
  badRequest: () => new AtolHttpError(400, 40, "Некорректный запрос"),
  /** 41 / 415 */
  unsupportedMediaType: () =>
    new AtolHttpError(415, 41, "Неподдерживаемый тип содержимого, ожидается application/json; charset=utf-8"),
  /** 10 / 401 — no `Token` header and no `?token=`. */
  missingToken: () => new AtolHttpError(401, 10, "Не передан токен авторизации"),
  /** 11 / 401 — expired (or unknown) token. */
  expiredToken: () => new AtolHttpError(401, 11, "Срок действия токена истек"),
  /** 20 / 401 — the token's account does not own the group. */
  groupMismatch: (group: string) => new AtolHttpError(401, 20, `Код группы ${group} не соответствует токену`),
  /** 30 / 400 — unknown uuid in a report request (status fail). */
  missingUuid: (uuid: string) => new AtolHttpError(400, 30, `Не найден чек с uuid ${uuid}`),
  /** 31 / 400 — operation not supported. */
  operationNotSupported: (op: string) => new AtolHttpError(400, 31, `Операция ${op} не поддерживается`),
};
