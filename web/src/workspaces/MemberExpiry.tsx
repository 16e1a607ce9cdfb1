/**
 * An owner sets or clears when a member's access ends (issue 17), in two steps like a role change: picking a day
 * (or "No end date") only stages it, Save asks once more in a dialog that says what will happen, and only then is
 * it sent. Owners never expire (the server refuses it), so their rows have no such control.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, call } from "../api/client";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { dayOfExpiry, expiryChangeWords, expiryDayBounds, expiryOfDay } from "./access-expiry";
import { workspaceKeys } from "./queries";
import type { Member, WorkspaceDetail } from "./types";

/** Sends a member's new access end (null: none), then reloads the workspace's data and forgets what was staged. */
function useSetExpiry(workspace: WorkspaceDetail, member: Member, done: () => void) {
  const queryClient = useQueryClient();
  return useSubmit({
    submit: (expires_at: string | null) =>
      call(
        api.PATCH("/workspaces/{id}/members/{user_id}", {
          params: { path: { id: workspace.id, user_id: member.user_id } },
          body: { expires_at },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: workspaceKeys.one(workspace.id) });
      done();
    },
  });
}

export function MemberExpiry(props: { workspace: WorkspaceDetail; member: Member; name: string }) {
  const { workspace, member, name } = props;
  const current = dayOfExpiry(member.expires_at);
  const [staged, setStaged] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const change = useSetExpiry(workspace, member, () => setStaged(null));
  const chosen = staged ?? current;
  const target = expiryOfDay(chosen);
  const words = expiryChangeWords({ name, workspace: workspace.name, from: member.expires_at ?? null, to: target });
  const cancel = () => {
    setStaged(null);
    change.reset();
  };

  return (
    <div className="member-expiry">
      <ExpiryDay
        id={`expiry-${member.user_id}`}
        name={name}
        value={chosen}
        disabled={change.pending}
        onChange={setStaged}
      />
      {chosen !== "" && (
        <button
          type="button"
          className="secondary"
          aria-label={`No end date for ${name}`}
          disabled={change.pending}
          onClick={() => setStaged("")}
        >
          No end date
        </button>
      )}
      {chosen !== current && (
        <>
          <button
            type="button"
            aria-label={`Save the access end of ${name}`}
            disabled={change.pending}
            onClick={() => setAsking(true)}
          >
            Save
          </button>
          <button type="button" className="secondary" aria-label={`Cancel the access end of ${name}`} onClick={cancel}>
            Cancel
          </button>
        </>
      )}
      {asking && (
        <ConfirmDialog title={words.title} onConfirm={() => change.run(target)} onClose={() => setAsking(false)}>
          <p>{words.consequence}</p>
        </ConfirmDialog>
      )}
      <FormError of={change} />
    </div>
  );
}

/** The day picker, offering only the days the server accepts. */
function ExpiryDay(props: { id: string; name: string; value: string; disabled: boolean; onChange(day: string): void }) {
  const bounds = expiryDayBounds(new Date());
  return (
    <>
      <label htmlFor={props.id}>
        Access until<span className="visually-hidden"> (for {props.name})</span>
      </label>
      <input
        id={props.id}
        type="date"
        value={props.value}
        min={bounds.min}
        max={bounds.max}
        disabled={props.disabled}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </>
  );
}
