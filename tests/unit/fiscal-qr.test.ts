import { describe, expect, it } from "vitest";
import { fiscalQrSvg, fiscalQrText } from "@/lib/deals/fiscal-qr";

const fiscal = {
  regNumberKkt: "0000000005020922",
  fnNumber: "9999078900006211",
  fiscalDocNumber: 132896,
  fiscalDocAttr: "1313456287",
  fiscalReceiptNumber: 425,
  shiftNumber: 173,
  fiscalAt: Date.UTC(2018, 7, 3, 20, 21, 0), // 03.08.2018 23:21:00 MSK
  fiscalAtRaw: "03.08.2018 23:21:00",
  totalKop: 100_010,
};

describe("fiscal QR", () => {
  it("encodes the document in the ФНС format with Moscow time", () => {
    expect(fiscalQrText({ fiscal, operation: "sell", totalKop: 100_010 })).toBe("t=20180803T2321&s=1000.10&fn=9999078900006211&i=132896&fp=1313456287&n=1");
    expect(fiscalQrText({ fiscal, operation: "sell_refund", totalKop: 100_010 })).toMatch(/&n=2$/);
    expect(fiscalQrText({ fiscal: null, operation: "sell", totalKop: 1 })).toBeNull();
  });

  it("renders an SVG", async () => {
    expect(await fiscalQrSvg({ fiscal, operation: "sell", totalKop: 100_010 })).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });
});
