// Node-only test helpers; fake provider servers live in their own modules.
export * from "./postgres";
export * from "./redis";
