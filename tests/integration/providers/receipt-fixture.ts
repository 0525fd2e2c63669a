/** Domain receipts for the provider adapter tests (not a test file). */
import type { DomainReceipt } from "@/lib/receipts/types";

/** 2 × 500.00 ₽ консультация, paid by card; company = the ATOL sandbox organisation. */
export function sellReceipt(overrides: Partial<DomainReceipt> = {}): DomainReceipt {
  return {
    operation: "sell",
    checkType: "sell",
    items: [
      {
        name: "Консультация",
        priceKop: 50_000,
        quantityMilli: 2000,
        sumKop: 100_000,
        vat: "vat22",
        vatSumKop: 18_033,
        paymentMethod: "full_payment",
        paymentObject: 4,
        measure: 0,
      },
    ],
    payments: [{ type: "cashless", sumKop: 100_000 }],
    totalKop: 100_000,
    client: { email: "buyer@example.ru" },
    company: { inn: "5544332219", sno: "osn", paymentAddress: "https://v5.online.atol.ru", email: "shop@example.ru" },
    ...overrides,
  };
}

/** A self-made correction of a sale on 2026-01-15. */
export function correctionReceipt(): DomainReceipt {
  return sellReceipt({ operation: "sell_correction", checkType: "correction", correction: { type: "self", baseDate: "2026-01-15" } });
}

/** Payments (900 ₽) ≠ total (1000 ₽): ATOL answers 32, Orange 400. */
export function unbalancedReceipt(): DomainReceipt {
  return sellReceipt({ payments: [{ type: "cashless", sumKop: 90_000 }] });
}

let n = 0;
/** A fresh external id per call (ids are unique per group at the provider). */
export const nextId = (prefix = "b24-test") => `${prefix}-${process.pid}-${Date.now()}-${++n}`;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** naive Moscow `dd.mm.yyyy HH:MM:SS` → unix ms, computed independently of the code under test. */
export function moscowToUtcMs(raw: string): number {
  const [d, mo, y, h, mi, s] = raw.split(/[. :]/).map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h - 3, mi, s);
}
