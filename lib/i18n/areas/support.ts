// Messages of the support console: queue, detail, actions, daily report. Russian first; the English map is typed against it, so a missing translation fails `tsc`.
export const supportRu = {} satisfies Record<string, string>;

export const supportEn: Record<keyof typeof supportRu, string> = {};
