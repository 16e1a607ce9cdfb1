/**
 * The consent records of one Account object (decision 0033; rules: consent-rules.ts). Synchronous, inside the
 * object's transactions. Rows are only added, and stamped once when withdrawn: nothing here rewrites an acceptance.
 *
 *   consents(id, document, version, accepted_at, how, ip, user_agent,
 *            withdrawn_at, withdrawn_how, withdrawn_ip, withdrawn_user_agent)
 */
import { and, asc, eq, isNull } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import {
  type Acceptance,
  type ConsentDocument,
  type ConsentHow,
  OPTIONAL_CONSENT_VERSION,
  type OptionalConsent,
  optionalConsentChange,
} from "./consent-rules";
import { consents } from "./schema";

export type ConsentRow = typeof consents.$inferSelect;
type Database = DrizzleSqliteDODatabase<Record<string, unknown>>;

/** Where and how a person acted: the coarse IP and user agent of the request, and the path it came by. */
export interface ConsentContext {
  how: ConsentHow;
  ip: string;
  userAgent: string;
}

export class ConsentRecords {
  constructor(private readonly db: Database) {}

  /** Every row, oldest first: the whole history, withdrawals included. */
  all(): ConsentRow[] {
    return this.db.select().from(consents).orderBy(asc(consents.acceptedAt), asc(consents.id)).all();
  }

  /** Adds one row per acceptance, all at `at`. */
  accept(acceptances: readonly Acceptance[], context: ConsentContext, at: string): ConsentRow[] {
    return acceptances.map((acceptance) =>
      this.db
        .insert(consents)
        .values({ ...acceptance, acceptedAt: at, ...context })
        .returning()
        .get(),
    );
  }

  /** Stamps the standing acceptance of `document` as withdrawn; the acceptance itself stays as it was. */
  withdraw(document: ConsentDocument, context: ConsentContext, at: string): ConsentRow | undefined {
    return this.db
      .update(consents)
      .set({
        withdrawnAt: at,
        withdrawnHow: context.how,
        withdrawnIp: context.ip,
        withdrawnUserAgent: context.userAgent,
      })
      .where(and(eq(consents.document, document), isNull(consents.withdrawnAt)))
      .returning()
      .get();
  }

  /**
   * Gives or withdraws an optional consent; asking for what already is so records nothing. The row that stands for
   * it afterwards: the newest one, withdrawn or not, or null when it was never given.
   */
  setOptional(document: OptionalConsent, given: boolean, context: ConsentContext, at: string): ConsentRow | null {
    const change = optionalConsentChange(this.all(), document, given);
    if (change === "accept") this.accept([{ document, version: OPTIONAL_CONSENT_VERSION }], context, at);
    if (change === "withdraw") this.withdraw(document, context, at);
    return this.all().findLast((row) => row.document === document) ?? null;
  }
}
