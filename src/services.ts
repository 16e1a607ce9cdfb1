/** The composition root: builds, once per `env`, the services that routes use, so routes never read bindings. */

import type { StorageAdapter } from "@openauthjs/openauth/storage/storage";
import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";
import { keyMaterialKey } from "./auth/service-keys";
import { D1StorageAdapter } from "./auth/storage";
import { type Config, configOf } from "./config";
import { DevMailbox } from "./mail/dev-mailbox";
import type { Mailer } from "./mail/mailer";
import { ResendMailer } from "./mail/resend";
import type { CounterNamespace } from "./ratelimit/limiter";

export interface Services {
  config: Config;
  db: DrizzleD1Database;
  /** OpenAuth's storage (signing keys, sealed under AUTH_SECRET; authorization codes) in D1. */
  oauthStorage: StorageAdapter;
  mailer: Mailer;
  /** Present only in development without a Resend key: the mailbox that `GET /dev/mailbox` reads. */
  devMailbox: DevMailbox | null;
  rateLimitCounters: CounterNamespace;
  workspaces: Env["WORKSPACE"];
  /** One Account object per person: sessions and standing (src/account/). */
  accounts: Env["ACCOUNT"];
  avatars: R2Bucket;
  /** One WebhookEndpoint object per webhook endpoint: its queue and delivery log (src/webhooks/). */
  webhookEndpoints: Env["WEBHOOK_ENDPOINT"];
}

const built = new WeakMap<object, Services>();

export function servicesOf(env: Env): Services {
  let services = built.get(env);
  if (!services) {
    const config = configOf(env);
    const db = drizzle(env.DB);
    const devMailbox = config.isDevelopment && !config.resendApiKey ? new DevMailbox(db) : null;
    const mailer = config.resendApiKey ? new ResendMailer(config.resendApiKey, config.mailFrom) : devMailbox;
    if (!mailer) throw new Error("unreachable: configuration requires RESEND_API_KEY outside development");
    services = {
      config,
      db,
      oauthStorage: D1StorageAdapter(db, keyMaterialKey(config.authSecret)),
      mailer,
      devMailbox,
      rateLimitCounters: env.RATE_LIMITER,
      workspaces: env.WORKSPACE,
      accounts: env.ACCOUNT,
      avatars: env.AVATARS,
      webhookEndpoints: env.WEBHOOK_ENDPOINT,
    };
    built.set(env, services);
  }
  return services;
}
