/**
 * Which staged role changes need more than "Save": the ones whose consequence is larger than the role itself. Making
 * someone an owner hands them every power over the workspace, the current owners included; an owner who steps down
 * cannot step back up on their own. Each gets a dialog that says so.
 */
import { ROLE_LABELS, type Role } from "./rules";

export interface RoleChange {
  /** The member's name as shown ("Eddie Jones", or their email). */
  name: string;
  isMe: boolean;
  workspace: string;
  from: Role;
  to: Role;
}

export interface RoleWarning {
  title: string;
  consequence: string;
}

export function roleChangeWarning(change: RoleChange): RoleWarning | null {
  if (change.from === change.to) return null;
  if (change.to === "owner")
    return {
      title: `Make ${change.name} an owner of ${change.workspace}`,
      consequence: `${change.name} will become an owner and can remove you, change anyone's role or delete ${change.workspace}.`,
    };
  if (change.isMe && change.from === "owner")
    return {
      title: `Make yourself ${ROLE_LABELS[change.to].toLowerCase()} in ${change.workspace}`,
      consequence: `You will no longer be an owner of ${change.workspace}; only another owner can make you one again.`,
    };
  return null;
}
