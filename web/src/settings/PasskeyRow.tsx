/** One passkey: its name, kind and times, renamed in place, removed after a confirmation. */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { PASSKEY_NAME_MAX_LENGTH } from "../../../src/account/passkey-rules";
import { api, call } from "../api/client";
import type { components } from "../api/schema";
import { Field } from "../forms/Field";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { meKeys } from "../me/queries";
import { ConfirmButton } from "../ui/ConfirmDialog";
import { formatTime } from "../workspaces/names";
import { passkeyKindWords } from "./security-words";

type Passkey = components["schemas"]["Passkey"];

export function PasskeyRow({ passkey }: { passkey: Passkey }) {
  const [renaming, setRenaming] = useState(false);
  const queryClient = useQueryClient();
  const path = { params: { path: { id: passkey.id } } };
  const remove = useSubmit({
    submit: () => call(api.DELETE("/me/passkeys/{id}", path)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meKeys.passkeys }),
  });
  if (renaming) return <RenameRow passkey={passkey} onDone={() => setRenaming(false)} />;
  return (
    <li data-testid="passkey">
      <div className="grow">
        <strong>{passkey.name}</strong> <span className="badge">{passkeyKindWords(passkey)}</span>
        <div className="muted">
          Added <time dateTime={passkey.created_at}>{formatTime(passkey.created_at)}</time> ·{" "}
          {passkey.last_used_at ? (
            <>
              last used <time dateTime={passkey.last_used_at}>{formatTime(passkey.last_used_at)}</time>
            </>
          ) : (
            "not used to sign in yet"
          )}
        </div>
        <FormError of={remove} />
      </div>
      <button
        type="button"
        className="secondary"
        aria-label={`Rename ${passkey.name}`}
        onClick={() => {
          remove.reset();
          setRenaming(true);
        }}
      >
        Rename
      </button>
      <ConfirmButton
        label="Remove"
        aria-label={`Remove ${passkey.name}`}
        disabled={remove.pending}
        title={`Remove the passkey ${passkey.name}`}
        onConfirm={() => remove.run()}
      >
        <p>
          It no longer signs you in. Also delete it from the device or password manager that holds it, so it is not
          offered there any more.
        </p>
      </ConfirmButton>
    </li>
  );
}

function RenameRow({ passkey, onDone }: { passkey: Passkey; onDone: () => void }) {
  const [name, setName] = useState(passkey.name);
  // The field replaces the Rename button the person just pressed: keyboard users land on it.
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.focus(), []);
  const queryClient = useQueryClient();
  const rename = useSubmit({
    submit: () =>
      call(api.PATCH("/me/passkeys/{id}", { params: { path: { id: passkey.id } }, body: { name: name.trim() } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: meKeys.passkeys });
      onDone();
    },
    fields: ["name"],
  });
  return (
    <li data-testid="passkey">
      <form className="grow" onSubmit={rename.onSubmit}>
        <div className="form-row">
          <Field label={`New name for ${passkey.name}`} error={rename.fieldError("name")}>
            {(control) => (
              <input
                {...control}
                value={name}
                maxLength={PASSKEY_NAME_MAX_LENGTH}
                onChange={(event) => setName(event.target.value)}
                ref={field}
                required
              />
            )}
          </Field>
          <button type="submit" disabled={rename.pending}>
            Save name
          </button>
          <button type="button" className="secondary" onClick={onDone}>
            Cancel
          </button>
        </div>
        <FormError of={rename} />
      </form>
    </li>
  );
}
