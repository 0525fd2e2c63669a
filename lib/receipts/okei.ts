// Bitrix24's OKEI `measure_code` → мера количества (тег 2108); Bitrix leaves this to each handler (protocol §9).
// Values: sushi-market/atol-online-sdk Enums/Measure.php. Packs, sets and pairs are countable, so «шт. или ед.».

export const MEASURE_PIECE = 0;
export const MEASURE_OTHER = 255;

const OKEI_TO_MEASURE: Record<number, number> = {
  796: 0, // штука
  642: 0, // единица
  704: 0, // набор
  715: 0, // пара
  778: 0, // упаковка
  839: 0, // комплект
  163: 10, // грамм
  166: 11, // килограмм
  168: 12, // тонна
  4: 20, // сантиметр
  5: 21, // дециметр
  6: 22, // метр
  51: 30, // квадратный сантиметр
  53: 31, // квадратный дециметр
  55: 32, // квадратный метр
  111: 40, // миллилитр (кубический сантиметр)
  112: 41, // литр
  113: 42, // кубический метр
  245: 50, // киловатт-час
  233: 51, // гигакалория
  359: 70, // сутки
  356: 71, // час
  355: 72, // минута
  354: 73, // секунда
  256: 80, // килобайт
  257: 81, // мегабайт
  2553: 82, // гигабайт
  2554: 83, // терабайт
};

/** Empty (the delivery line) → шт.; unknown → «иная» with `known: false`, so the caller warns. */
export function measureFromOkei(code: string | undefined): { measure: number; known: boolean } {
  const text = code?.trim() ?? "";
  if (text === "") return { measure: MEASURE_PIECE, known: true };
  const measure = /^\d{1,4}$/.test(text) ? OKEI_TO_MEASURE[Number(text)] : undefined;
  return measure === undefined ? { measure: MEASURE_OTHER, known: false } : { measure, known: true };
}
