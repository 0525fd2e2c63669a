import type { CompanyDetails } from "@/lib/db/schema";
import type { DomainReceipt } from "@/lib/receipts/types";

/** One ruble of a service, to the company's own e-mail: proves the whole pipeline on a test-mode cashbox. */
export function buildTestReceipt(company: CompanyDetails): DomainReceipt {
  return {
    operation: "sell",
    checkType: "sell",
    items: [{ name: "Тестовый чек — проверка подключения", priceKop: 100, quantityMilli: 1000, sumKop: 100, vat: "none", vatSumKop: 0, paymentMethod: "full_payment", paymentObject: 4, measure: 0 }],
    payments: [{ type: "cashless", sumKop: 100 }],
    totalKop: 100,
    client: { email: company.email },
    company,
  };
}
