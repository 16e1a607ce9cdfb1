/** Every D1 table, gathered for drizzle-kit; each module owns and writes its own (docs/storage.md). */
export * from "./admin/audit-schema";
export * from "./auth/connection-schema";
export * from "./auth/passkey-schema";
export * from "./auth/schema";
export * from "./auth/storage-schema";
export * from "./mail/schema";
export * from "./oidc/schema";
export * from "./retention/schema";
export * from "./users/schema";
export * from "./webhooks/platform-schema";
export * from "./workspace/directory-schema";
