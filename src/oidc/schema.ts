/** D1 tables of the OpenID Connect provider: registered clients and the consents people gave them. */
import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** An app registered by a platform admin (src/oidc/clients.ts writes it). */
export const oidcClients = sqliteTable("oidc_clients", {
  /** `cli_<random>`: sent by the app as `client_id`. */
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  type: text("type", { enum: ["public", "confidential"] }).notNull(),
  /** First-party apps skip the consent screen. */
  firstParty: integer("first_party", { mode: "boolean" }).notNull(),
  /** JSON arrays of exact URIs: a redirect must equal one of them, character for character. */
  redirectUris: text("redirect_uris").notNull(),
  postLogoutRedirectUris: text("post_logout_redirect_uris").notNull().default("[]"),
  /** SHA-256 (hex) of the secret of a confidential client; the secret itself is shown once and never stored. */
  secretHash: text("secret_hash"),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
});

/** A person's consent to a third-party client, with the scopes they granted (src/oidc/consents.ts writes it). */
export const oidcConsents = sqliteTable(
  "oidc_consents",
  {
    userId: text("user_id").notNull(),
    clientId: text("client_id").notNull(),
    /** Space-separated scopes granted. */
    scopes: text("scopes").notNull(),
    grantedAt: text("granted_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.clientId] })],
);
