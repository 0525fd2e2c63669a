import { describe, expect, it } from "vitest";
import { createCashboxSchema } from "@/lib/cashboxes/schemas";
import { fieldErrors } from "@/lib/http/errors";

const valid = {
  name: "Основная касса",
  provider: "atol",
  mode: "test",
  credentials: { login: "v5-online-atol-ru", password: "zUr0OxfI", groupCode: "v5-online-atol-ru_5179" },
  company: { inn: "5544332219", sno: "osn", paymentAddress: "https://v5.online.atol.ru", email: "shop@example.ru" },
};

describe("createCashboxSchema", () => {
  it("accepts a complete ATOL profile and defaults the contact policy", () => {
    const parsed = createCashboxSchema.parse(valid);
    expect(parsed.contactPolicy).toBe("email_or_phone");
    expect(parsed.vatMap).toBeUndefined();
  });

  it("reports a bad INN checksum and a missing group code per field", () => {
    const r = createCashboxSchema.safeParse({
      ...valid,
      credentials: { login: "l", password: "p" },
      company: { ...valid.company, inn: "5544332210" },
    });
    expect(r.success).toBe(false);
    const fields = fieldErrors(r.error!);
    expect(fields["company.inn"]).toBe("Неверная контрольная сумма ИНН");
    expect(fields["credentials.groupCode"]).toBe("Укажите код группы");
  });

  it("rejects a VAT map with an unknown VAT code", () => {
    const r = createCashboxSchema.safeParse({ ...valid, vatMap: { "1": "vat18" } });
    expect(r.success).toBe(false);
    expect(Object.keys(fieldErrors(r.error!))).toEqual(["vatMap.1"]);
  });
});
