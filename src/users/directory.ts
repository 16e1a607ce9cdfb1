/**
 * The admin list of accounts: filtered, prefix-searched and keyset-paginated on (created_date, id), never OFFSET,
 * so a page deep into a large directory costs what the first one does. Each filter has an index (users/schema.ts);
 * a search is a range on the email, first-name key and last-name key indexes, which SQLite reads as one
 * multi-index OR. Reads only; the rows are written by users/repository.ts.
 */
import { type AnyColumn, and, asc, eq, or, type SQL, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { PlatformRole } from "./platform-role";
import { type UserRow, users } from "./schema";
import { prefixRange } from "./search-prefix";
import type { UserStatus } from "./user-status";

export interface DirectoryQuery {
  q?: string;
  platformRole?: PlatformRole;
  status?: UserStatus;
  limit: number;
  /** The (created_date, id) of the last row of the previous page. */
  after?: { createdDate: string; id: string } | null;
}

// Written as literals, not parameters, so SQLite sees that they imply the partial indexes' conditions.
const STATUS_CONDITIONS: Record<UserStatus, SQL> = {
  active: sql`is_active = 1 and deleted_at is null`,
  deactivated: sql`is_active = 0 and deleted_at is null`,
  deleted: sql`deleted_at is not null`,
};

function prefixCondition(q: string): SQL | undefined {
  const { from, to } = prefixRange(q);
  const within = (column: AnyColumn) => sql`(${column} >= ${from} and ${column} < ${to})`;
  return or(within(users.email), within(users.firstNameKey), within(users.lastNameKey));
}

/** What the list shows of each account (its face included): no password hash or preferences read for nothing. */
const LISTED = {
  id: users.id,
  email: users.email,
  firstName: users.firstName,
  lastName: users.lastName,
  platformRole: users.platformRole,
  isActive: users.isActive,
  deletedAt: users.deletedAt,
  createdDate: users.createdDate,
  lastSignInAt: users.lastSignInAt,
  twoFactorEnabled: users.twoFactorEnabled,
  avatarKey: users.avatarKey,
};

export type ListedUser = Pick<UserRow, keyof typeof LISTED>;

/** The query of one page plus one row (whether there is a next page); exported so a test can read its plan. */
export function directoryPageQuery(db: DrizzleD1Database, query: DirectoryQuery) {
  const conditions = [
    query.q ? prefixCondition(query.q) : undefined,
    query.platformRole ? eq(users.platformRole, query.platformRole) : undefined,
    query.status ? STATUS_CONDITIONS[query.status] : undefined,
    query.after
      ? sql`(${users.createdDate}, ${users.id}) > (${query.after.createdDate}, ${query.after.id})`
      : undefined,
  ];
  return db
    .select(LISTED)
    .from(users)
    .where(and(...conditions))
    .orderBy(asc(users.createdDate), asc(users.id))
    .limit(query.limit + 1);
}

export async function directoryPage(
  db: DrizzleD1Database,
  query: DirectoryQuery,
): Promise<{ rows: ListedUser[]; hasMore: boolean }> {
  const rows = await directoryPageQuery(db, query);
  return { rows: rows.slice(0, query.limit), hasMore: rows.length > query.limit };
}
