// Messages of guided setup and readiness check. Russian first; the English map is typed against it, so a missing translation fails `tsc`.
export const setupRu = {} satisfies Record<string, string>;

export const setupEn: Record<keyof typeof setupRu, string> = {};
