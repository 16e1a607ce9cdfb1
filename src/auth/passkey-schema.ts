/**
 * D1 `passkey_credentials`: which account holds a credential, so a usernameless sign-in knows which Account object
 * to ask (decision 0031). Derived: written only by the Account object's passkey outbox (src/account/passkey-index.ts);
 * the key itself lives only in that object.
 */
import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const passkeyCredentials = sqliteTable(
  "passkey_credentials",
  {
    /** The authenticator's credential id, base64url. */
    credentialId: text("credential_id").primaryKey(),
    userId: text("user_id").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [index("passkey_credentials_user").on(table.userId)],
);
