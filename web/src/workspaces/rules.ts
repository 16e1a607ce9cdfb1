/**
 * What the workspace pages offer, from the server's own role rules (src/workspace/roles.ts): one vocabulary for
 * both, so the app never offers what the server would refuse. The server still decides every request.
 */
export { can, GRANTABLE_ROLES, REMOVABLE_ROLES, ROLES, type Role } from "../../../src/workspace/roles";

import type { Role } from "../../../src/workspace/roles";

export const ROLE_LABELS: Record<Role, string> = { owner: "Owner", editor: "Editor", viewer: "Viewer" };
