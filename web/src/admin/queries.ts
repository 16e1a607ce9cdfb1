/** The query keys of the admin pages, in one place so every change invalidates exactly what it affects. */
export const adminKeys = {
  users: ["admin", "users"] as const,
  list: (filters: object) => ["admin", "users", "list", filters] as const,
  user: (id: string) => ["admin", "users", id] as const,
  audit: ["admin", "audit"] as const,
};

export type UserStatus = "active" | "deactivated" | "deleted";
export type PlatformRole = "user" | "admin";

export const STATUS_LABELS: Record<UserStatus, string> = {
  active: "Active",
  deactivated: "Deactivated",
  deleted: "Deleted",
};
