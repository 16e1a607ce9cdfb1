/**
 * The workspaces that block an account's deletion: a `409 sole_owner` problem lists them in `workspaces`
 * (docs/api.md, Me). The generated Problem type does not know this extension, so it is read with care here.
 */
import { ApiError } from "../api/problems";

export interface BlockingWorkspace {
  id: string;
  name: string;
  member_count: number;
}

const isBlockingWorkspace = (value: unknown): value is BlockingWorkspace => {
  const workspace = value as BlockingWorkspace;
  return (
    typeof workspace === "object" &&
    workspace !== null &&
    typeof workspace.id === "string" &&
    typeof workspace.name === "string" &&
    typeof workspace.member_count === "number"
  );
};

/** The blocking workspaces of a sole-owner refusal; empty for any other error. */
export function blockingWorkspaces(error: unknown): BlockingWorkspace[] {
  if (!(error instanceof ApiError) || error.code !== "sole_owner") return [];
  const listed = (error.problem as { workspaces?: unknown } | null)?.workspaces;
  return Array.isArray(listed) ? listed.filter(isBlockingWorkspace) : [];
}
