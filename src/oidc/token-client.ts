/**
 * Who is calling /token: the client named by HTTP Basic (client_secret_basic), by form fields (client_secret_post),
 * or by `client_id` alone (a public client, RFC 6749 §2.3). A confidential client must prove its secret; a public
 * one has none to send. An unknown id is handed on (a refresh then fails as "issued to another client").
 */
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { presentedClient, type ResolvedClient } from "./client-rules";
import { isClientSecret } from "./clients";
import { resolveClient } from "./resolve-client";

export type ClientAuthentication =
  | { ok: true; clientId: string; client: ResolvedClient | null }
  | { ok: false; status: 400 | 401; error: "invalid_request" | "invalid_client"; description: string; basic: boolean };

export async function authenticateClient(
  deps: { db: DrizzleD1Database; config: { oauthClientIds: readonly string[] } },
  request: Request,
  form: FormData,
): Promise<ClientAuthentication> {
  const authorization = request.headers.get("authorization");
  const presented = presentedClient(authorization, form);
  const basic = presented.method === "client_secret_basic" || authorization !== null;
  const refuse = (description: string) =>
    ({ ok: false, status: 401, error: "invalid_client", description, basic }) as const;
  if (presented.malformed)
    return { ok: false, status: 400, error: "invalid_request", description: presented.malformed, basic };
  if (!presented.clientId) return refuse("Name the client: client_id is required");
  const client = await resolveClient(deps.db, deps.config, presented.clientId);
  if (client?.type === "confidential") {
    if (!presented.secret || !(await isClientSecret(client, presented.secret))) {
      return refuse("Client authentication failed");
    }
  } else if (presented.secret) {
    return refuse("Client authentication failed");
  }
  return { ok: true, clientId: presented.clientId, client };
}
