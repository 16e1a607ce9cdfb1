/**
 * After a person changes their names, every workspace they belong to copies them onto its member row, so member
 * lists do not wait for the next join to show them. The D1 memberships index says which workspaces; each object
 * is asked on its own, a few at a time. A workspace that fails is logged and skipped: its row keeps the old names
 * until the person's next name change (or they leave and join again); the profile change itself has succeeded.
 */
import { eq } from "drizzle-orm";
import type { Services } from "../services";
import { memberships } from "../workspace/directory-schema";
import { workspaceStub } from "./workspace-access";

/** How many workspace objects one name change asks at once. */
export const NAME_REFRESH_CONCURRENCY = 8;

export async function refreshNamesInWorkspaces(
  services: Services,
  userId: string,
  names: { firstName: string; lastName: string },
): Promise<{ refreshed: number; failed: number }> {
  const rows = await services.db
    .select({ workspaceId: memberships.workspaceId })
    .from(memberships)
    .where(eq(memberships.userId, userId));
  const pending = rows.map((row) => row.workspaceId);
  let refreshed = 0;
  let failed = 0;
  const worker = async () => {
    for (let workspaceId = pending.shift(); workspaceId !== undefined; workspaceId = pending.shift()) {
      try {
        await workspaceStub(services, workspaceId).refreshMemberProfile(userId, names);
        refreshed++;
      } catch (error) {
        failed++;
        console.error(`name refresh failed in workspace ${workspaceId}`, error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(NAME_REFRESH_CONCURRENCY, pending.length) }, worker));
  return { refreshed, failed };
}
