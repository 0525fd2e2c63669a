import { ProviderError, type ProviderErrorKind } from "../types";

// ATOL Online service error codes (protocol v5, §1.5 of docs/cloud-cashbox-providers.md) → kind + plain Russian.
const KNOWN: Record<number, [ProviderErrorKind, string]> = {
  10: ["auth", "АТОЛ не получил токен авторизации"],
  11: ["auth", "Токен АТОЛ истёк"],
  12: ["auth", "Неверный логин или пароль"],
  13: ["config", "АТОЛ отклонил запрос: ошибка в данных запроса"],
  14: ["config", "Пользователь АТОЛ заблокирован — обратитесь в поддержку АТОЛ"],
  20: ["config", "Код группы не соответствует логину"],
  21: ["config", "Группа касс не поддерживает протокол v5 (ФФД 1.2)"],
  40: ["config", "АТОЛ отклонил запрос как некорректный"],
  41: ["config", "АТОЛ не принял формат запроса"],
  50: ["unavailable", "Сервис АТОЛ временно недоступен"],
};

export interface AtolErrorBody {
  code?: number;
  text?: string;
  type?: string;
}

export function atolError(error: AtolErrorBody | null | undefined, httpStatus: number): ProviderError {
  const code = Number(error?.code);
  const known = KNOWN[code];
  if (known) return new ProviderError(known[0], known[1], code);
  if (httpStatus >= 500) return new ProviderError("unavailable", "Сервис АТОЛ временно недоступен", code || httpStatus);
  const text = error?.text ? `: ${error.text}` : "";
  return new ProviderError("unknown", `АТОЛ вернул ошибку${Number.isFinite(code) ? ` ${code}` : ""}${text}`, code || httpStatus);
}
