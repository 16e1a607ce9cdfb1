/** The shapes the workspace pages share, from the server's own OpenAPI document (schema.d.ts). */
import type { components } from "../api/schema";

/** One workspace as GET /api/workspaces/:id answers it, with the caller's role. */
export type WorkspaceDetail = components["schemas"]["WorkspaceDetail"];
export type Member = components["schemas"]["ListedMember"];
export type Invitation = components["schemas"]["Invitation"];
