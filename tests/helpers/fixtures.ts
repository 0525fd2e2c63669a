/** A complete ATOL profile with the public ATOL test account (docs/cloud-cashbox-providers.md §1.8). */
export function validCashbox(overrides: Record<string, unknown> = {}) {
  return {
    name: "Основная касса",
    provider: "atol",
    mode: "test",
    credentials: { login: "v5-online-atol-ru", password: "zUr0OxfI", groupCode: "v5-online-atol-ru_5179" },
    company: { inn: "5544332219", sno: "osn", paymentAddress: "https://v5.online.atol.ru", email: "shop@example.ru" },
    ...overrides,
  };
}
