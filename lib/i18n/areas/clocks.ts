// Messages of clock-sync diagnostics. Russian first; the English map is typed against it, so a missing translation fails `tsc`.
export const clocksRu = {} satisfies Record<string, string>;

export const clocksEn: Record<keyof typeof clocksRu, string> = {};
