import type { OrangeAnswer } from "./client";

// Orange Data failures in plain Russian, for the admin (settings) and the receipt log.

/** TLS alerts a server sends when it refuses our client certificate: nothing was processed, fix the settings. */
const CLIENT_CERT_ALERT = /ALERT_(CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|CERTIFICATE_REVOKED|CERTIFICATE_EXPIRED|ACCESS_DENIED)/;
/** Our side could not verify the server's certificate. */
const SERVER_CERT = /^(UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|CERT_|ERR_TLS_CERT_ALTNAME)/;

export const ORANGE_MESSAGES = {
  clientCert: "Orange Data не принял сертификат клиента — проверьте сертификат и ключ",
  badCertPem: "Сертификат клиента Orange Data не читается — нужен файл PEM (client.crt)",
  badKeyPem: "Ключ сертификата клиента не читается — нужен файл PEM (client.key без пароля)",
  keyMismatch: "Ключ не соответствует сертификату клиента Orange Data",
  badSigningKey: "Ключ подписи не читается — нужен закрытый RSA-ключ в PEM",
  signatureSelfCheck: "Ключ подписи не прошёл самопроверку: подпись не сходится",
  ok: "Подключение к Orange Data работает",
} as const;

export function isClientCertRejection(a: OrangeAnswer): boolean {
  return !a.ok && a.failure === "tls" && CLIENT_CERT_ALERT.test(a.code ?? a.detail);
}

export function transportMessage(a: Extract<OrangeAnswer, { ok: false }>): string {
  if (a.failure === "timeout") return "Orange Data не ответил вовремя";
  if (isClientCertRejection(a)) return ORANGE_MESSAGES.clientCert;
  if (a.failure === "tls") {
    return SERVER_CERT.test(a.code ?? "")
      ? `Не удалось проверить сертификат сервера Orange Data (${a.code})`
      : `Не удалось установить защищённое соединение с Orange Data (${a.code ?? a.detail})`;
  }
  return `Не удалось связаться с Orange Data (${a.code ?? a.detail})`;
}

export function httpMessage(status: number, errors: string[] = []): string {
  if (status === 401 || status === 403) return ORANGE_MESSAGES.clientCert;
  if (status === 503) return "Очередь Orange Data переполнена, повторим позже";
  if (status >= 500) return `Сервис Orange Data временно недоступен (HTTP ${status})`;
  return `Orange Data вернул HTTP ${status}${errors.length ? `: ${errors.join("; ")}` : ""}`;
}

/** A 400 caused by the signature or the key (settings), not by the receipt. */
export function isSignatureError(errors: string[]): boolean {
  return errors.some((e) => /подпис|signature|sign\b|ключ|key/i.test(e));
}
