export * from "./portals";
export * from "./cashbox-profiles";
export * from "./audit";
export * from "./receipts";
export * from "./outbox";
export * from "./payments";
export * from "./mismatches";
