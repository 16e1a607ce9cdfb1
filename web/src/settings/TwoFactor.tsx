/**
 * Two-factor authentication: set up (scan the QR code or type the secret, confirm with a code, save the backup
 * codes), new backup codes, and turning it off (a code and a recent sign-in).
 */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { api, call } from "../api/client";
import { Field } from "../forms/Field";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { meKeys } from "../me/queries";
import { workspaceKeys } from "../workspaces/queries";
import { BackupCodes } from "./BackupCodes";

/** Here `two_factor_required` means the code given was wrong or spent: said beside the code field. */
const WRONG_CODE = {
  two_factor_required: {
    path: "code",
    message: "That code is not right, or it was already used. Try the next code your app shows.",
  },
};

export function TwoFactor({ enabled }: { enabled: boolean }) {
  const [codes, setCodes] = useState<string[] | null>(null);
  const queryClient = useQueryClient();
  // A workspace that requires two-factor answers differently once it is on or off (its deadline, or a refusal).
  const refreshMe = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: meKeys.all }),
      queryClient.invalidateQueries({ queryKey: workspaceKeys.list }),
    ]);

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

type Setup = { secret: string; qr_svg: string };

function TwoFactorSetup({ onEnabled }: { onEnabled: (codes: string[]) => void }) {
  const start = useSubmit({ submit: () => call(api.POST("/me/2fa")) });
  if (start.data) return <ConfirmSetup setup={start.data} onEnabled={onEnabled} />;
  return (
    <>
      <p>
        Off. With it on, signing in also asks for a code from an authenticator app on your phone, so a stolen password
        is not enough.
      </p>
      <div className="actions">
        <button type="button" onClick={() => start.run()} disabled={start.pending}>
          Set up two-factor authentication
        </button>
      </div>
      <FormError of={start} />
    </>
  );
}

function ConfirmSetup({ setup, onEnabled }: { setup: Setup; onEnabled: (codes: string[]) => void }) {
  const [code, setCode] = useState("");
  const verify = useSubmit({
    submit: () => call(api.POST("/me/2fa/verify", { body: { code: code.trim() } })),
    onSuccess: (answer) => onEnabled(answer.backup_codes),
    fields: ["code"],
    codesOnFields: WRONG_CODE,
  });
  // The button that was focused is gone once the setup shows: keyboard users land on the code field.
  const codeField = useRef<HTMLInputElement>(null);
  useEffect(() => codeField.current?.focus(), []);
  return (
    <form onSubmit={verify.onSubmit}>
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
            <Field label="Then enter the 6-digit code it shows" error={verify.fieldError("code")}>
              {(control) => (
                <input
                  {...control}
                  ref={codeField}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  value={code}
                  onChange={(event) => setCode(event.target.value)}
                  required
                />
              )}
            </Field>
            <button type="submit" disabled={verify.pending}>
              Turn on
            </button>
          </div>
        </li>
      </ol>
      <FormError of={verify} />
    </form>
  );
}

type WhenOn = { onNewCodes: (codes: string[]) => void; onTurnedOff: () => void };

/** The two changes that a current code confirms: new backup codes, and turning two-factor off. */
function useConfirmedByCode(code: string, { onNewCodes, onTurnedOff }: WhenOn) {
  const body = () => ({ body: { code: code.trim() } });
  const codeOptions = { fields: ["code"], codesOnFields: WRONG_CODE };
  const newCodes = useSubmit({
    submit: () => call(api.POST("/me/2fa/backup-codes", body())),
    onSuccess: (answer) => onNewCodes(answer.backup_codes),
    ...codeOptions,
  });
  const turnOff = useSubmit({
    submit: () => call(api.DELETE("/me/2fa", body())),
    onSuccess: onTurnedOff,
    ...codeOptions,
  });
  return { newCodes, turnOff, busy: newCodes.pending || turnOff.pending };
}

function TwoFactorOn(props: WhenOn) {
  const [code, setCode] = useState("");
  const { newCodes, turnOff, busy } = useConfirmedByCode(code, props);

  return (
    <form onSubmit={(event) => event.preventDefault()}>
      <p>
        <span className="badge on">On</span> Signing in asks for a code from your authenticator app.
      </p>
      <div className="form-row">
        <Field
          label="Code from your app, or a backup code"
          error={newCodes.fieldError("code") ?? turnOff.fieldError("code")}
        >
          {(control) => (
            <input
              {...control}
              autoComplete="one-time-code"
              value={code}
              onChange={(event) => setCode(event.target.value)}
              required
            />
          )}
        </Field>
      </div>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          disabled={busy || !code.trim()}
          onClick={() => {
            turnOff.reset();
            newCodes.run();
          }}
        >
          Get new backup codes
        </button>
        <button
          type="button"
          className="danger"
          disabled={busy || !code.trim()}
          onClick={() => {
            newCodes.reset();
            turnOff.run();
          }}
        >
          Turn off two-factor
        </button>
      </div>
      <FormError of={[newCodes, turnOff]} />
    </form>
  );
}
