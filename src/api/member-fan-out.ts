/**
 * When a person changes something every workspace shows about them (names, email), each workspace they belong to
 * copies it onto its member row, so member lists do not wait for the next join. The D1 memberships index says
 * which workspaces; each object is asked on its own, a few at a time, and a workspace left or deleted meanwhile
 * simply has nothing to change. One that fails is logged and skipped: its row keeps the old value until the
 * person's next change (or they leave and join again); the person's own change has succeeded either way.
 */
import { settleBounded } from "../lib/bounded";
import type { Services } from "../services";
import { workspaceIdsOf } from "../workspace/directory";

/** How many workspace objects one change asks at once. */
const MEMBER_FAN_OUT = 8;

type WorkspaceStub = ReturnType<Services["workspaces"]["get"]>;

export async function tellMemberWorkspaces(
  services: Services,
  userId: string,
  what: string,
  call: (workspace: WorkspaceStub) => Promise<unknown>,
): Promise<void> {
  const ids = await workspaceIdsOf(services.db, userId);
  const outcomes = await settleBounded(ids, MEMBER_FAN_OUT, (id) =>
    call(services.workspaces.get(services.workspaces.idFromName(id))),
  );
  outcomes.forEach((outcome, i) => {
    if (outcome.status === "rejected")
      console.error(`workspace ${ids[i]}: ${what} of ${userId} not applied:`, outcome.reason);
  });
}
