/** What every workspace route shares: the id check, the object's stub, the caller as a Person, and Result → HTTP. */
import { z } from "@hono/zod-openapi";
import { accountOf } from "../account/stub";
import { ApiError } from "../lib/problem";
import type { Result } from "../lib/result";
import { type DefaultDetails, unwrap as unwrapResult } from "../lib/result";
import type { Services } from "../services";
import { findUserById } from "../users/repository";
import type { Person } from "../workspace/views";

/** `ws_` and 128 random bits in base64url: anything else cannot be a workspace, so it is simply not found. */
export const WORKSPACE_ID = /^ws_[A-Za-z0-9_-]{22}$/;

export const WorkspaceIdParam = z.object({
  id: z.string().openapi({ param: { name: "id", in: "path" }, example: "ws_8yN0c1a2b3c4d5e6f7g8hA" }),
});

export function workspaceStub(services: Services, workspaceId: string) {
  if (!WORKSPACE_ID.test(workspaceId)) throw new ApiError("not_found", "No such workspace.");
  return services.workspaces.get(services.workspaces.idFromName(workspaceId));
}

export async function personOf(services: Services, userId: string): Promise<Person> {
  const user = await findUserById(services.db, userId);
  if (!user) throw new ApiError("unauthorized", "The account no longer exists.");
  return {
    userId: user.id,
    email: user.email,
    emailVerified: user.emailVerifiedAt !== null,
    firstName: user.firstName,
    lastName: user.lastName,
  };
}

/**
 * The caller as a person who would join a workspace (create, accept, join by link): with their two-factor state
 * from their Account object, the authority, which the workspace's policy admits by (policy-rules.ts).
 */
export async function joiningPersonOf(services: Services, userId: string): Promise<Person> {
  const [person, twoFactorOn] = await Promise.all([
    personOf(services, userId),
    accountOf(services, userId).twoFactorEnabled(),
  ]);
  return { ...person, twoFactorOn };
}

/** Where the workspace is the subject, sentences more precise than the catalogue's; else the catalogue's. */
const WORKSPACE_DETAILS: DefaultDetails = {
  not_found: "No such workspace, or you are not a member of it.",
  forbidden: "Your role in this workspace does not allow this.",
};

/** The value of a Workspace object's answer, or its refusal as a problem (lib/result.ts `unwrap`), in the workspace's words. */
export function unwrap<T>(result: Result<T>): T {
  return unwrapResult(result, WORKSPACE_DETAILS);
}
