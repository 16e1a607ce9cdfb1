/** The fields of a registered app, shared by registering and editing (the type is chosen once, when registering). */
import { Field } from "../forms/Field";
import type { Submission } from "../forms/useSubmit";
import { type ClientDraft, type ClientType, TYPE_LABELS } from "./client-draft";

/** The `errors[].path` each field stands for (items of a list land on their list's field, naming the line). */
export const CLIENT_FIELDS = ["name", "type", "redirect_uris", "post_logout_redirect_uris", "first_party"];

export function ClientFields(props: {
  idPrefix: string;
  draft: ClientDraft;
  change: (change: Partial<ClientDraft>) => void;
  errorOf: Submission["fieldError"];
  /** Registering chooses the type; an edit shows it and keeps it. */
  chooseType: boolean;
}) {
  const { idPrefix, draft, change, errorOf } = props;
  return (
    <>
      <div className="form-row">
        <Field id={`${idPrefix}-name`} label="App name" error={errorOf("name")} count={{ value: draft.name, max: 100 }}>
          {(control) => (
            <input
              {...control}
              value={draft.name}
              onChange={(event) => change({ name: event.target.value })}
              required
            />
          )}
        </Field>
        {props.chooseType && (
          <Field id={`${idPrefix}-type`} label="Kind of app" error={errorOf("type")}>
            {(control) => (
              <select
                {...control}
                value={draft.type}
                onChange={(event) => change({ type: event.target.value as ClientType })}
              >
                <option value="confidential">{TYPE_LABELS.confidential}</option>
                <option value="public">{TYPE_LABELS.public}</option>
              </select>
            )}
          </Field>
        )}
      </div>
      <UriField
        id={`${idPrefix}-redirect-uris`}
        label="Addresses to send people back to after signing in"
        value={draft.redirectUris}
        onChange={(redirectUris) => change({ redirectUris })}
        error={errorOf("redirect_uris")}
      />
      <UriField
        id={`${idPrefix}-logout-uris`}
        label="Addresses to send people to after signing out (optional)"
        value={draft.postLogoutRedirectUris}
        onChange={(postLogoutRedirectUris) => change({ postLogoutRedirectUris })}
        error={errorOf("post_logout_redirect_uris")}
      />
      <Field
        id={`${idPrefix}-first-party`}
        label="First-party app: ours, so people are not asked to allow it"
        error={errorOf("first_party")}
        checkbox
      >
        {(control) => (
          <input
            {...control}
            type="checkbox"
            checked={draft.firstParty}
            onChange={(event) => change({ firstParty: event.target.checked })}
          />
        )}
      </Field>
    </>
  );
}

function UriField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}) {
  return (
    <div className="form-row">
      <Field
        id={props.id}
        label={props.label}
        hint="One a line, exactly as the app sends it: https:// (http:// only for localhost)."
        error={props.error}
      >
        {(control) => (
          <textarea
            {...control}
            rows={3}
            spellCheck={false}
            autoCapitalize="off"
            value={props.value}
            onChange={(event) => props.onChange(event.target.value)}
          />
        )}
      </Field>
    </div>
  );
}
