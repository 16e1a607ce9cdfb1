/**
 * Changing the sign-in email: ask for a code at the new address (needs a recent sign-in), then enter it. Until the
 * code is entered nothing changes.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, call } from "../api/client";
import { ME_KEY } from "../me/useMe";
import { ErrorMessage } from "../ui/Status";
import { formatTime } from "../workspaces/names";
import { ActionError } from "./SignInAgain";

export function EmailChange({ email }: { email: string }) {
  const [newEmail, setNewEmail] = useState("");
  const [code, setCode] = useState("");
  const queryClient = useQueryClient();
  const request = useMutation({ mutationFn: () => call(api.POST("/me/email", { body: { email: newEmail } })) });
  const verify = useMutation({
    mutationFn: () => call(api.POST("/me/email/verify", { body: { code: code.trim() } })),
    onSuccess: (updated) => {
      queryClient.setQueryData(ME_KEY, updated);
      request.reset();
      setNewEmail("");
      setCode("");
    },
  });
  const pending = request.data;

  return (
    <section className="card" aria-labelledby="email-heading">
      <h2 id="email-heading">Email</h2>
      <p>
        You sign in with <strong>{email}</strong>.
      </p>
      {verify.isSuccess && (
        <p className="success" role="status">
          Your email is now {verify.data.email}.
        </p>
      )}
      {!pending ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            verify.reset();
            request.mutate();
          }}
        >
          <div className="form-row">
            <div className="field">
              <label htmlFor="new-email">New email</label>
              <input
                id="new-email"
                type="email"
                autoComplete="email"
                value={newEmail}
                onChange={(event) => setNewEmail(event.target.value)}
                required
                maxLength={254}
              />
            </div>
            <button type="submit" disabled={request.isPending}>
              Send a code
            </button>
          </div>
          <ActionError error={request.error} />
        </form>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            verify.mutate();
          }}
        >
          <p role="status">
            We sent a 6-digit code to <strong>{pending.email}</strong>. It works until {formatTime(pending.expires_at)}.
          </p>
          <div className="form-row">
            <div className="field">
              <label htmlFor="email-code">Code</label>
              <input
                id="email-code"
                inputMode="numeric"
                autoComplete="one-time-code"
                value={code}
                onChange={(event) => setCode(event.target.value)}
                required
              />
            </div>
            <button type="submit" disabled={verify.isPending}>
              Change email
            </button>
            <button type="button" className="secondary" onClick={() => request.reset()}>
              Cancel
            </button>
          </div>
          <ErrorMessage error={verify.error} />
        </form>
      )}
    </section>
  );
}
