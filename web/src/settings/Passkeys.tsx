/**
 * Passkeys (decision 0031): the list, and adding one with the browser's own prompt. The server's creation options
 * (`POST /api/me/passkeys/options`, which wants a sign-in from the last 10 minutes) go to the browser; its answer
 * goes back with the name (`POST /api/me/passkeys`). The WebAuthn library loads only when a passkey is added.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { PASSKEY_NAME_MAX_LENGTH } from "../../../src/account/passkey-rules";
import { api, call } from "../api/client";
import type { components } from "../api/schema";
import { Field } from "../forms/Field";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { meKeys, passkeysQuery } from "../me/queries";
import { Empty, ErrorMessage, Loading } from "../ui/Status";
import { PasskeyRow } from "./PasskeyRow";
import { defaultPasskeyName, passkeyPromptWords } from "./security-words";

type Registration = components["schemas"]["PasskeyRegistration"]["response"];

/** The browser's prompt: a passkey made on this device, or words for why none was (never the browser's text). */
async function promptForPasskey(options: components["schemas"]["PasskeyCreationOptions"]): Promise<Registration> {
  const { startRegistration } = await import("@simplewebauthn/browser");
  try {
    // The server answers @simplewebauthn/server's options as they are; the schema only names the fields it checks.
    const optionsJSON = options as unknown as Parameters<typeof startRegistration>[0]["optionsJSON"];
    return (await startRegistration({ optionsJSON })) as unknown as Registration;
  } catch (error) {
    throw new Error(passkeyPromptWords(error));
  }
}

export function Passkeys() {
  const passkeys = useQuery(passkeysQuery());
  const list = passkeys.data?.passkeys ?? [];
  return (
    <section className="card" aria-labelledby="passkeys-heading">
      <h2 id="passkeys-heading">Passkeys</h2>
      <p>
        A passkey signs you in with your fingerprint, face or device PIN instead of a password. It cannot be guessed or
        phished, and it counts as both steps of two-factor sign-in.
      </p>
      {passkeys.isPending ? (
        <Loading />
      ) : passkeys.isError ? (
        <ErrorMessage error={passkeys.error} />
      ) : list.length === 0 ? (
        <Empty>No passkeys yet.</Empty>
      ) : (
        <ul className="list" aria-label="Passkeys">
          {list.map((passkey) => (
            <PasskeyRow key={passkey.id} passkey={passkey} />
          ))}
        </ul>
      )}
      <AddPasskey />
    </section>
  );
}

function AddPasskey() {
  const [name, setName] = useState("");
  const queryClient = useQueryClient();
  const add = useSubmit({
    submit: async () => {
      const options = await call(api.POST("/me/passkeys/options"));
      const response = await promptForPasskey(options);
      const given = name.trim() || defaultPasskeyName(navigator.userAgent);
      return call(api.POST("/me/passkeys", { body: { response, ...(given ? { name: given } : {}) } }));
    },
    onSuccess: () => {
      setName("");
      return queryClient.invalidateQueries({ queryKey: meKeys.passkeys });
    },
    fields: ["name"],
  });
  return (
    <form onSubmit={add.onSubmit}>
      <div className="form-row">
        <Field
          label="Name of the new passkey"
          hint={`Where it lives, such as “Work laptop” or “My phone”. Left empty, it is called “${defaultPasskeyName(navigator.userAgent) ?? "Passkey"}”.`}
          error={add.fieldError("name")}
        >
          {(control) => (
            <input
              {...control}
              value={name}
              maxLength={PASSKEY_NAME_MAX_LENGTH}
              onChange={(event) => setName(event.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="actions">
        <button type="submit" disabled={add.pending}>
          Add a passkey
        </button>
        {add.succeeded && (
          <span className="success" role="status">
            Passkey added.
          </span>
        )}
      </div>
      <FormError of={add} />
    </form>
  );
}
