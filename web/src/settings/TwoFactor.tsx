/**
 * Two-factor authentication: set up (scan the QR code or type the secret, confirm with a code, save the backup
 * codes), new backup codes, and turning it off (a code and a recent sign-in).
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { api, call } from "../api/client";
import { ApiError } from "../api/problems";
import { ME_KEY } from "../me/useMe";
import { ErrorMessage } from "../ui/Status";
import { BackupCodes } from "./BackupCodes";
import { ActionError } from "./SignInAgain";

export function TwoFactor({ enabled }: { enabled: boolean }) {
  const [codes, setCodes] = useState<string[] | null>(null);
  const queryClient = useQueryClient();
  const refreshMe = () => queryClient.invalidateQueries({ queryKey: ME_KEY });

  return (
    <section className="card" aria-labelledby="two-factor-heading">
      <h2 id="two-factor-heading">Two-factor authentication</h2>
      {codes ? (
        <BackupCodes codes={codes} onDone={() => setCodes(null)} />
      ) : enabled ? (
        <TwoFactorOn onNewCodes={setCodes} onTurnedOff={refreshMe} />
      ) : (
        <TwoFactorSetup
          onEnabled={(backupCodes) => {
            setCodes(backupCodes);
            return refreshMe();
          }}
        />
      )}
    </section>
  );
}

function TwoFactorSetup({ onEnabled }: { onEnabled: (codes: string[]) => void }) {
  const [code, setCode] = useState("");
  const start = useMutation({ mutationFn: () => call(api.POST("/me/2fa")) });
  const verify = useMutation({
    mutationFn: () => call(api.POST("/me/2fa/verify", { body: { code: code.trim() } })),
    onSuccess: (answer) => onEnabled(answer.backup_codes),
  });
  const setup = start.data;
  // The button that was focused is gone once the setup shows: keyboard users land on the code field.
  const codeField = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (setup) codeField.current?.focus();
  }, [setup]);

  if (!setup) {
    return (
      <>
        <p>
          Off. With it on, signing in also asks for a code from an authenticator app on your phone, so a stolen password
          is not enough.
        </p>
        <div className="actions">
          <button type="button" onClick={() => start.mutate()} disabled={start.isPending}>
            Set up two-factor authentication
          </button>
        </div>
        <ErrorMessage error={start.error} />
      </>
    );
  }
  const codeError = verify.error instanceof ApiError ? verify.error.fieldMessage("code") : undefined;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        verify.mutate();
      }}
    >
      <ol className="steps">
        <li>
          Scan this QR code with your authenticator app:
          <img
            className="qr"
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qr_svg)}`}
            alt="QR code of your two-factor secret"
            width={200}
            height={200}
          />
          or enter this key by hand: <code data-testid="two-factor-secret">{setup.secret}</code>
        </li>
        <li>
          <div className="form-row">
            <div className="field">
              <label htmlFor="two-factor-code">Then enter the 6-digit code it shows</label>
              <input
                id="two-factor-code"
                ref={codeField}
                inputMode="numeric"
                autoComplete="one-time-code"
                value={code}
                onChange={(event) => setCode(event.target.value)}
                required
                aria-invalid={codeError ? true : undefined}
              />
            </div>
            <button type="submit" disabled={verify.isPending}>
              Turn on
            </button>
          </div>
        </li>
      </ol>
      <ErrorMessage error={verify.error} />
    </form>
  );
}

/** Here `two_factor_required` means the code given was wrong or spent. */
const wrongCode = (error: unknown) => error instanceof ApiError && error.code === "two_factor_required";

function TwoFactorOn({ onNewCodes, onTurnedOff }: { onNewCodes: (codes: string[]) => void; onTurnedOff: () => void }) {
  const [code, setCode] = useState("");
  const body = () => ({ body: { code: code.trim() } });
  const newCodes = useMutation({
    mutationFn: () => call(api.POST("/me/2fa/backup-codes", body())),
    onSuccess: (answer) => onNewCodes(answer.backup_codes),
  });
  const turnOff = useMutation({ mutationFn: () => call(api.DELETE("/me/2fa", body())), onSuccess: onTurnedOff });
  const busy = newCodes.isPending || turnOff.isPending;

  return (
    <form onSubmit={(event) => event.preventDefault()}>
      <p>
        <span className="badge on">On</span> Signing in asks for a code from your authenticator app.
      </p>
      <div className="form-row">
        <div className="field">
          <label htmlFor="two-factor-confirm">Code from your app, or a backup code</label>
          <input
            id="two-factor-confirm"
            autoComplete="one-time-code"
            value={code}
            onChange={(event) => setCode(event.target.value)}
            required
          />
        </div>
      </div>
      <div className="actions">
        <button type="button" className="secondary" disabled={busy || !code.trim()} onClick={() => newCodes.mutate()}>
          Get new backup codes
        </button>
        <button type="button" className="danger" disabled={busy || !code.trim()} onClick={() => turnOff.mutate()}>
          Turn off two-factor
        </button>
      </div>
      {wrongCode(newCodes.error ?? turnOff.error) ? (
        <p className="error" role="alert">
          That code is not right, or it was already used. Try the next code your app shows.
        </p>
      ) : (
        <ActionError error={newCodes.error ?? turnOff.error} />
      )}
    </form>
  );
}
