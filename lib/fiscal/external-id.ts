/**
 * The provider idempotency id of a fiscal attempt: the receipt id plus the attempt number. It is stored before
 * the first call; only a terminal provider failure moves to the next attempt (a new id). ≤ 64 chars (Orange's limit).
 */
export function externalIdFor(receiptId: string, attempt: number): string {
  return `${receiptId}-${attempt}`;
}
