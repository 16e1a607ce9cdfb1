/** The members tab: search by name or email, pages of members, role change (owners), remove, leave. */
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { api, call } from "../api/client";
import { Field } from "../forms/Field";
import { FormError } from "../forms/FormError";
import { type Submission, useSubmit } from "../forms/useSubmit";
import { useMe } from "../me/useMe";
import { Avatar } from "../ui/Avatar";
import { ShowMore } from "../ui/ShowMore";
import { Empty, ErrorMessage, Loading } from "../ui/Status";
import { useLeaveWorkspacePage } from "./leaving";
import { formatTime, personName } from "./names";
import { membersQuery, workspaceKeys } from "./queries";
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

  const changeRole = useSubmit({
    submit: (role: Role) => call(api.PATCH("/workspaces/{id}/members/{user_id}", { params: { path }, body: { role } })),
    onSuccess: refresh,
  });
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
        </div>
      </div>
      <MemberRole mayChange={can(workspace.role, "change_role")} member={member} name={name} change={changeRole} />
      {mayRemove && (
        <button
          type="button"
          className="danger"
          disabled={remove.pending}
          onClick={() => {
            const question = isMe ? `Leave ${workspace.name}?` : `Remove ${name} from ${workspace.name}?`;
            if (window.confirm(question)) remove.run();
          }}
        >
          {isMe ? "Leave" : "Remove"}
        </button>
      )}
      <FormError of={[changeRole, remove]} />
    </li>
  );
}

/** Owners change a member's role in place; everyone else sees it. */
function MemberRole(props: { mayChange: boolean; member: Member; name: string; change: Submission<unknown, Role> }) {
  const { member, change } = props;
  if (!props.mayChange) return <span className="badge">{ROLE_LABELS[member.role]}</span>;
  return (
    <select
      aria-label={`Role of ${props.name}`}
      value={member.role}
      disabled={change.pending}
      onChange={(event) => change.run(event.target.value as Role)}
    >
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {ROLE_LABELS[role]}
        </option>
      ))}
    </select>
  );
}
