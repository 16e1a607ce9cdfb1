/**
 * The links tab (editors and owners, issue 18): make a share link with a role, an expiry and a cap on its uses; its
 * address is shown once, with a Copy button, since only its hash is kept; the active links with their uses, and
 * revoking one (confirmed in a dialog).
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, call } from "../api/client";
import type { paths } from "../api/schema";
import { Field } from "../forms/Field";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { WholeNumberField } from "../forms/WholeNumberField";
import { useMe } from "../me/useMe";
import { ConfirmButton } from "../ui/ConfirmDialog";
import { Empty, ErrorMessage, Loading } from "../ui/Status";
import { formatTime, personName } from "./names";
import { linksQuery, transferCandidatesQuery, workspaceKeys } from "./queries";
import { ROLE_LABELS, type Role } from "./rules";
import { checkLinkForm, defaultLinkRole, LINK_LIMITS, linkRoleChoices, linkUsesWords } from "./share-links";
import type { WorkspaceDetail } from "./types";

type CreatedLink = paths["/workspaces/{id}/links"]["post"]["responses"][201]["content"]["application/json"];
type ListedLink =
  paths["/workspaces/{id}/links"]["get"]["responses"][200]["content"]["application/json"]["links"][number];

export default function Links({ workspace }: { workspace: WorkspaceDetail }) {
  const links = useQuery(linksQuery(workspace.id));
  const [created, setCreated] = useState<CreatedLink | null>(null);
  return (
    <section aria-labelledby="links-heading">
      <h2 id="links-heading">Share a link</h2>
      <p className="muted">
        Anyone who opens the link and signs in joins {workspace.name} with its role, until it expires, is used up or is
        revoked. Share it only where everyone may join.
      </p>
      <CreateLink workspace={workspace} onCreated={setCreated} />
      {created && <NewLink link={created} onDone={() => setCreated(null)} />}
      <h2>Active links</h2>
      {links.isPending ? (
        <Loading />
      ) : links.isError ? (
        <ErrorMessage error={links.error} />
      ) : links.data.links.length === 0 ? (
        <Empty>No active links.</Empty>
      ) : (
        <ul className="list" aria-label="Active links">
          {links.data.links.map((link) => (
            <LinkRow key={link.id} workspace={workspace} link={link} />
          ))}
        </ul>
      )}
    </section>
  );
}

function CreateLink(props: { workspace: WorkspaceDetail; onCreated: (link: CreatedLink) => void }) {
  const { workspace } = props;
  const choices = linkRoleChoices(workspace.role);
  const [role, setRole] = useState<Role>(defaultLinkRole(choices) ?? "viewer");
  const [days, setDays] = useState(String(LINK_LIMITS.days.default));
  const [uses, setUses] = useState(String(LINK_LIMITS.uses.default));
  const [checked, setChecked] = useState<ReturnType<typeof checkLinkForm> | null>(null);
  const queryClient = useQueryClient();
  const create = useSubmit({
    submit: (body: { expires_in_days: number; max_uses: number }) =>
      call(api.POST("/workspaces/{id}/links", { params: { path: { id: workspace.id } }, body: { role, ...body } })),
    onSuccess: (link) => {
      props.onCreated(link);
      return queryClient.invalidateQueries({ queryKey: workspaceKeys.links(workspace.id) });
    },
    fields: ["role", "expires_in_days", "max_uses"],
  });
  const local = checked && !checked.ok ? checked.errors : {};
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const check = checkLinkForm({ days, uses });
    setChecked(check);
    if (check.ok) create.run(check.body);
  };
  return (
    <form className="card" onSubmit={submit} noValidate>
      <div className="form-row">
        <Field id="link-role" label="Role" error={create.fieldError("role")}>
          {(control) => (
            <select {...control} value={role} onChange={(event) => setRole(event.target.value as Role)}>
              {choices.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <WholeNumberField
          id="link-days"
          label="Expires after (days)"
          limit={LINK_LIMITS.days}
          value={days}
          onChange={setDays}
          error={local.expires_in_days ?? create.fieldError("expires_in_days")}
        />
        <WholeNumberField
          id="link-uses"
          label="Most people who may join"
          limit={LINK_LIMITS.uses}
          value={uses}
          onChange={setUses}
          error={local.max_uses ?? create.fieldError("max_uses")}
        />
        <button type="submit" disabled={create.pending}>
          Create link
        </button>
      </div>
      <FormError of={create} />
    </form>
  );
}

/** The new link's address, once: only its hash is kept, so it cannot be shown again. */
function NewLink({ link, onDone }: { link: CreatedLink; onDone: () => void }) {
  const [copied, setCopied] = useState<"copied" | "failed" | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(link.url).then(
      () => setCopied("copied"),
      () => setCopied("failed"),
    );
  return (
    <div className="card notice" data-testid="new-link">
      <h3>
        New {ROLE_LABELS[link.role].toLowerCase()} link, until {formatTime(link.expires_at)}
      </h3>
      <p>Copy it now: it is not shown again.</p>
      <div className="form-row">
        <Field id="new-link-url" label="Link">
          {(control) => <input {...control} readOnly value={link.url} onFocus={(event) => event.target.select()} />}
        </Field>
        <button type="button" onClick={copy}>
          Copy
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Done
        </button>
      </div>
      <p role="status" className={copied === "failed" ? "error" : "success"}>
        {copied === "copied" && "Copied."}
        {copied === "failed" && "The browser did not allow copying: select the link and copy it by hand."}
      </p>
    </div>
  );
}

function LinkRow({ workspace, link }: { workspace: WorkspaceDetail; link: ListedLink }) {
  const queryClient = useQueryClient();
  const creator = useCreatorName(workspace.id, link.created_by);
  const revoke = useSubmit({
    submit: () =>
      call(
        api.DELETE("/workspaces/{id}/links/{link_id}", { params: { path: { id: workspace.id, link_id: link.id } } }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workspaceKeys.links(workspace.id) }),
  });
  const role = ROLE_LABELS[link.role];
  return (
    <li data-testid="share-link">
      <div className="grow">
        <div>
          {role} link · <span data-testid="link-uses">{linkUsesWords(link.uses, link.max_uses)}</span>
        </div>
        <div className="muted">
          Made by {creator} on {formatTime(link.created_at)} · expires {formatTime(link.expires_at)}
        </div>
      </div>
      <ConfirmButton
        label="Revoke"
        aria-label={`Revoke the ${role.toLowerCase()} link made ${formatTime(link.created_at)}`}
        disabled={revoke.pending}
        title={`Revoke this ${role.toLowerCase()} link to ${workspace.name}`}
        onConfirm={() => revoke.run()}
      >
        <p>The link stops working for anyone who has it. Those who already joined with it stay members.</p>
      </ConfirmButton>
      <FormError of={revoke} />
    </li>
  );
}

/** Who made a link: "you", or the member's name from the members list (a link dies with its maker's membership). */
function useCreatorName(workspaceId: string, createdBy: string): string {
  const myId = useMe().data?.id;
  const members = useQuery({ ...transferCandidatesQuery(workspaceId), enabled: createdBy !== myId });
  if (createdBy === myId) return "you";
  const member = members.data?.members.find((candidate) => candidate.user_id === createdBy);
  return member ? personName(member) : "another member";
}
