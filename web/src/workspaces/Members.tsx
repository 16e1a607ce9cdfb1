/** The members tab: search by name or email, pages of members, role change (owners), remove, leave. */
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { api, call } from "../api/client";
import { Field } from "../forms/Field";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { useMe } from "../me/useMe";
import { Avatar } from "../ui/Avatar";
import { ConfirmButton, ConfirmDialog } from "../ui/ConfirmDialog";
import { formatDate } from "../ui/dates";
import { ShowMore } from "../ui/ShowMore";
import { Empty, ErrorMessage, Loading } from "../ui/Status";
import { LeavingCancels } from "./LeavingCancels";
import { useLeaveWorkspacePage } from "./leaving";
import { MemberExpiry } from "./MemberExpiry";
import { formatTime, personName } from "./names";
import { membersQuery, workspaceKeys } from "./queries";
import { roleChangeWarning } from "./role-change";
import { can, REMOVABLE_ROLES, ROLE_LABELS, ROLES, type Role } from "./rules";
import type { Member, WorkspaceDetail } from "./types";

export default function Members({ workspace }: { workspace: WorkspaceDetail }) {
  const [search, setSearch] = useState("");
  const q = useDeferredValue(search.trim());
  // While a new search loads, the last answer stays on screen instead of a loading line.
  const members = useInfiniteQuery({ ...membersQuery(workspace.id, q), placeholderData: (previous) => previous });
  const all = members.data?.pages.flatMap((page) => page.members) ?? [];

  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading">Members</h2>
      <div className="form-row">
        <Field id="member-search" label="Search members">
          {(control) => (
            <input
              {...control}
              type="search"
              value={search}
              placeholder="Name or email"
              onChange={(event) => setSearch(event.target.value)}
            />
          )}
        </Field>
      </div>
      {members.isPending ? (
        <Loading />
      ) : members.isError ? (
        <ErrorMessage error={members.error} />
      ) : all.length === 0 ? (
        <Empty>{q ? `No member matches “${q}”.` : "No members."}</Empty>
      ) : (
        <ul className="list" aria-label="Members">
          {all.map((member) => (
            <MemberRow key={member.user_id} workspace={workspace} member={member} />
          ))}
        </ul>
      )}
      <ShowMore list={members} label="Show more members" />
    </section>
  );
}

function MemberRow({ workspace, member }: { workspace: WorkspaceDetail; member: Member }) {
  const me = useMe().data;
  const queryClient = useQueryClient();
  const leftWorkspace = useLeaveWorkspacePage(workspace.id);
  const isMe = me?.id === member.user_id;
  const path = { id: workspace.id, user_id: member.user_id };
  const refresh = () => queryClient.invalidateQueries({ queryKey: workspaceKeys.one(workspace.id) });
  const remove = useSubmit({
    submit: () => call(api.DELETE("/workspaces/{id}/members/{user_id}", { params: { path } })),
    onSuccess: () => (isMe ? leftWorkspace() : refresh()),
  });
  const name = personName(member);
  const mayRemove = isMe || REMOVABLE_ROLES[workspace.role].includes(member.role);

  return (
    <li data-testid="member">
      <Avatar person={member} />
      <div className="grow">
        <div>
          {name} {isMe && <span className="muted">(you)</span>}
        </div>
        <div className="muted">
          {name !== member.email && `${member.email} · `}joined {formatTime(member.joined_at)}
          {member.expires_at && <span data-testid="access-ends"> · access until {formatDate(member.expires_at)}</span>}
          {member.outside_allowed_domains && (
            <span data-testid="outside-domains"> · email outside the allowed domains</span>
          )}
        </div>
      </div>
      {can(workspace.role, "set_expiry") && member.role !== "owner" && (
        <MemberExpiry workspace={workspace} member={member} name={name} />
      )}
      {can(workspace.role, "change_role") ? (
        <MemberRole workspace={workspace} member={member} name={name} isMe={isMe} />
      ) : (
        <span className="badge">{ROLE_LABELS[member.role]}</span>
      )}
      {mayRemove && (
        <ConfirmButton
          label={isMe ? "Leave" : "Remove"}
          aria-label={isMe ? `Leave ${workspace.name}` : `Remove ${name}`}
          disabled={remove.pending}
          title={isMe ? `Leave ${workspace.name}` : `Remove ${name} from ${workspace.name}`}
          onConfirm={() => remove.run()}
        >
          <p>
            {isMe
              ? "You lose access until someone invites you again."
              : `${name} loses access to ${workspace.name} until someone invites them again.`}
          </p>
          {isMe && <LeavingCancels workspace={workspace} />}
        </ConfirmButton>
      )}
      <FormError of={remove} />
    </li>
  );
}

/**
 * Owners change a member's role in two steps: choosing in the select (by mouse or arrow keys) only stages it, and
 * Save sends it. A change with a larger consequence (role-change.ts) asks once more in a dialog that names it.
 */
function MemberRole(props: { workspace: WorkspaceDetail; member: Member; name: string; isMe: boolean }) {
  const { workspace, member, name } = props;
  const [staged, setStaged] = useState<Role | null>(null);
  const [asking, setAsking] = useState(false);
  const queryClient = useQueryClient();
  const change = useSubmit({
    submit: (role: Role) =>
      call(
        api.PATCH("/workspaces/{id}/members/{user_id}", {
          params: { path: { id: workspace.id, user_id: member.user_id } },
          body: { role },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: workspaceKeys.one(workspace.id) });
      setStaged(null);
    },
  });
  const chosen = staged ?? member.role;
  const warning = roleChangeWarning({
    name,
    isMe: props.isMe,
    workspace: workspace.name,
    from: member.role,
    to: chosen,
  });
  const save = () => (warning ? setAsking(true) : change.run(chosen));
  return (
    <>
      <select
        aria-label={`Role of ${name}`}
        value={chosen}
        disabled={change.pending}
        onChange={(event) => setStaged(event.target.value as Role)}
      >
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {ROLE_LABELS[role]}
          </option>
        ))}
      </select>
      {chosen !== member.role && (
        <>
          <button type="button" aria-label={`Save the role of ${name}`} disabled={change.pending} onClick={save}>
            Save
          </button>
          <button
            type="button"
            className="secondary"
            aria-label={`Cancel the role change of ${name}`}
            onClick={() => {
              setStaged(null);
              change.reset();
            }}
          >
            Cancel
          </button>
        </>
      )}
      {asking && warning && (
        <ConfirmDialog title={warning.title} onConfirm={() => change.run(chosen)} onClose={() => setAsking(false)}>
          <p>{warning.consequence}</p>
        </ConfirmDialog>
      )}
      <FormError of={change} />
    </>
  );
}
