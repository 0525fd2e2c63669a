export * from "./portals";
export * from "./cashbox-profiles";
export * from "./audit";
