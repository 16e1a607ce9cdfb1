/** The query keys of workspace data, in one place so every change invalidates exactly what it affects. */
export const workspaceKeys = {
  list: ["workspaces"] as const,
  one: (id: string) => ["workspaces", id] as const,
  members: (id: string) => ["workspaces", id, "members"] as const,
  invitations: (id: string) => ["workspaces", id, "invitations"] as const,
  audit: (id: string) => ["workspaces", id, "audit"] as const,
};
