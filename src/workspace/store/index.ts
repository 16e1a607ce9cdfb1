/**
 * Synchronous reads and writes of one workspace's SQLite tables, and the only code that writes them, by concern.
 * Everything here runs inside the object's transactions; nothing awaits, so no other request can interleave a check
 * and its write. Rules come from the pure modules (roles, invitations, nominations, outbox, forget); these files
 * only apply them. Each function takes the object's database first.
 */
export * from "./audit";
export type { WorkspaceDb } from "./db";
export * from "./expiry";
export * from "./forget";
export * from "./index-entries";
export * from "./invitations";
export * from "./lifecycle";
export * from "./live";
export * from "./members";
export * from "./nominations";
export * from "./outbox";
export * from "./policy";
export * from "./retention";
export * from "./rows";
export * from "./share-links";
export * from "./webhooks";
