/**
 * `GET /api/me/export`: everything stored about the caller, as one JSON document to download. The profile is
 * `GET /api/me`'s own view, the sessions are the Account object's, and each workspace object that the D1
 * involvements index says may name the person (as a member now or before, or an invited email) is asked what it
 * holds about them. A workspace that does not answer fails the whole export with 503: an export that silently
 * leaves data out would be worse than none.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { accountOf } from "../account/stub";
import { createRouter } from "../http/router";
import { settleBounded } from "../lib/bounded";
import { inStatementSizes, type MatchedPerson } from "../lib/person-match";
import { ApiError } from "../lib/problem";
import type { Result } from "../lib/result";
import { allConsentsOf } from "../oidc/consents";
import type { Services } from "../services";
import { workspacesInvolving } from "../workspace/directory";
import type { PersonalData } from "../workspace/personal-data";
import { SignInEventSchema, signInEventView } from "./activity";
import { ConnectionSchema, connectionView } from "./connections";
import { ConsentRecordSchema, consentRecordView } from "./consents";
import { MeSchema, meView } from "./me";
import { problemResponses } from "./openapi";
import { PasskeySchema, passkeyView } from "./passkeys";
import { AuditEventSchema, InvitationSchema, RoleSchema, ShareLinkSchema } from "./schemas";
import { SessionSchema, sessionView } from "./sessions";

/** Names the document's shape; a change that breaks readers of an older export gets a new number. */
export const EXPORT_FORMAT = "edge-identity-export/1";

/** How many workspace objects one export asks at once. */
const EXPORT_FAN_OUT = 8;

/** How long a client should wait before asking again after a workspace did not answer. */
const RETRY_AFTER_SECONDS = 10;

const WorkspaceDataSchema = z
  .object({
    workspace: z.object({ id: z.string(), name: z.string(), deleted: z.boolean() }),
    membership: z
      .object({
        role: RoleSchema,
        joined_at: z.string(),
        invited_by: z.string().nullable(),
        expires_at: z
          .string()
          .nullable()
          .openapi({ description: "When this access ends, as an owner set it; null when it does not end." }),
        email: z.string(),
        first_name: z.string(),
        last_name: z.string(),
      })
      .nullable()
      .openapi({
        description: "The caller's membership, with the copy of their email and names it shows; null once left.",
      }),
    invitations_sent: z.array(InvitationSchema),
    invitations_received: z.array(InvitationSchema),
    audit_events: z
      .array(AuditEventSchema)
      .openapi({ description: "The events whose actor or target is the caller, oldest first." }),
    ownership_nomination: z
      .object({ nominee_id: z.string(), nominated_by: z.string(), nominated_at: z.string() })
      .nullable(),
    share_links_created: z
      .array(ShareLinkSchema.extend({ revoked_at: z.string().nullable() }))
      .openapi({ description: "Share links the caller made, whatever became of them (never a token)." }),
  })
  .openapi("ExportedWorkspace");

const EmailHistorySchema = z
  .object({
    email: z.string(),
    recorded_at: z.string().openapi({ description: "When the account was first seen with this address." }),
    replaced_at: z
      .string()
      .nullable()
      .openapi({ description: "When the account last moved off this address; null for the address it has now." }),
  })
  .openapi("ExportedEmailAddress");

const KnownDeviceSchema = z
  .object({ id: z.string(), first_seen_at: z.string(), last_seen_at: z.string(), user_agent: z.string() })
  .openapi("ExportedKnownDevice");

const AuthorizedAppSchema = z
  .object({
    client_id: z.string(),
    name: z.string().nullable().openapi({ description: "The app's name; null once an admin deleted the app." }),
    scopes: z.array(z.string()),
    granted_at: z.string(),
  })
  .openapi("ExportedAuthorizedApp");

const ExportSchema = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    exported_at: z.string(),
    profile: MeSchema,
    email_history: z.array(EmailHistorySchema).openapi({
      description:
        "Every address the account has had, oldest first (recorded since sign-up, or since the history began for " +
        "older accounts). Workspaces are searched by all of them.",
    }),
    sessions: z.array(SessionSchema),
    sign_in_history: z
      .array(SignInEventSchema)
      .openapi({ description: "Every sign-in attempt on the account in the last 90 days, newest first." }),
    known_devices: z.array(KnownDeviceSchema).openapi({
      description: "The browsers whose device cookie still counts for the account (decision 0032), newest first.",
    }),
    passkeys: z.array(PasskeySchema).openapi({ description: "The account's passkeys: names and times, never a key." }),
    connections: z
      .array(ConnectionSchema)
      .openapi({ description: "The connected accounts (decision 0038): provider, email and times, never a token." }),
    consents: z.array(ConsentRecordSchema).openapi({
      description:
        "Every acceptance of the terms, the privacy notice and marketing, and every withdrawal, oldest first.",
    }),
    authorized_apps: z.array(AuthorizedAppSchema).openapi({
      description: "The third-party apps the caller allowed on the consent screen, with the scopes, oldest first.",
    }),
    workspaces: z.array(WorkspaceDataSchema).openapi({
      description: "Every workspace holding something that names the caller, deleted ones and ones they left included.",
    }),
  })
  .openapi("AccountExport", {
    description: "Everything stored about the caller. Never a secret or a hash: no password, TOTP or token material.",
  });

export const exportRoutes = createRouter();

exportRoutes.openapi(
  createRoute({
    method: "get",
    path: "/me/export",
    tags: ["Me"],
    summary: "Everything stored about the caller, as one JSON file to download",
    security: [{ bearer: [] }],
    responses: {
      200: {
        description: "The export, sent as an attachment.",
        headers: z.object({ "content-disposition": z.string().openapi({ example: 'attachment; filename="…"' }) }),
        content: { "application/json": { schema: ExportSchema } },
      },
      ...problemResponses(401, 503),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const [profile, sessions, signIns, passkeys, consents, apps, connections] = await Promise.all([
      meView(services, caller.userId),
      accountOf(services, caller.userId).listSessions(),
      accountOf(services, caller.userId).signInRecords(),
      accountOf(services, caller.userId).listPasskeys(),
      accountOf(services, caller.userId).consentHistory(),
      allConsentsOf(services.db, caller.userId),
      accountOf(services, caller.userId).listConnections(),
    ]);
    // The current address is recorded here too, for an account older than the history (decision 0021).
    const history = await accountOf(services, caller.userId).recordEmail(caller.userId, profile.email);
    const emails = history.map((row) => row.email);
    const workspaces = await workspaceData(services, { userId: caller.userId, emails });
    const document: z.infer<typeof ExportSchema> = {
      format: EXPORT_FORMAT,
      exported_at: new Date().toISOString(),
      profile,
      email_history: history.map((row) => ({
        email: row.email,
        recorded_at: row.recordedAt,
        replaced_at: row.replacedAt,
      })),
      sessions: sessions.map((session) => sessionView(session, caller.sessionId)),
      sign_in_history: signIns.events.map(signInEventView),
      known_devices: signIns.devices.map((device) => ({
        id: device.deviceId,
        first_seen_at: device.firstSeenAt,
        last_seen_at: device.lastSeenAt,
        user_agent: device.userAgent,
      })),
      passkeys: passkeys.map(passkeyView),
      connections: connections.map(connectionView),
      consents: consents.map(consentRecordView),
      authorized_apps: apps.map((app) => ({
        client_id: app.clientId,
        name: app.name,
        scopes: app.scopes.split(" ").filter(Boolean),
        granted_at: app.grantedAt,
      })),
      workspaces,
    };
    return c.json(document, 200, {
      "content-disposition": `attachment; filename="edge-identity-export-${caller.userId}.json"`,
    });
  },
);

/** What each workspace naming the person holds about them; throws `unavailable` if any one does not answer. */
async function workspaceData(services: Services, person: MatchedPerson): Promise<PersonalData[]> {
  // A statement's worth of addresses at a time (D1 binds at most 100 values).
  const involved = await Promise.all(
    inStatementSizes(person).map((part) => workspacesInvolving(services.db, [part.userId, ...part.emails])),
  );
  const ids = [...new Set(involved.flat())].sort();
  const ask = (id: string): Promise<Result<PersonalData | null>> =>
    services.workspaces.get(services.workspaces.idFromName(id)).personalData(person);
  const outcomes = await settleBounded(ids, EXPORT_FAN_OUT, ask);
  const found: PersonalData[] = [];
  outcomes.forEach((outcome, i) => {
    const answer = outcome.status === "fulfilled" ? outcome.value : null;
    if (answer?.ok) {
      if (answer.value) found.push(answer.value);
      // An object that was never created holds nothing at all: its `not_found` is a complete answer.
    } else if (answer?.code !== "not_found") {
      console.error(`workspace ${ids[i]}: export of ${person.userId} got no answer:`, answer ?? outcome);
      throw new ApiError(
        "service_unavailable",
        "A workspace did not answer, so the export would be incomplete; try again.",
        {
          headers: { "retry-after": String(RETRY_AFTER_SECONDS) },
        },
      );
    }
  });
  return found;
}
