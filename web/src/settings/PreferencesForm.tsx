/** Notification choices, language and theme (PATCH /api/me `preferences`, merged into what is stored). */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, call } from "../api/client";
import type { components } from "../api/schema";
import { Field } from "../forms/Field";
import { useSubmit } from "../forms/useSubmit";
import { meQuery } from "../me/queries";
import { SaveBar } from "./SaveBar";

type Preferences = components["schemas"]["Preferences"];
type Theme = NonNullable<Preferences["theme"]>;

export function PreferencesForm({ preferences }: { preferences: Preferences }) {
  const [invitations, setInvitations] = useState(preferences.notifications?.invitations ?? true);
  const [security, setSecurity] = useState(preferences.notifications?.security ?? true);
  const [locale, setLocale] = useState(preferences.locale ?? "");
  const [theme, setTheme] = useState<Theme>(preferences.theme ?? "system");
  const queryClient = useQueryClient();
  const save = useSubmit({
    submit: () => {
      const next: Preferences = { notifications: { invitations, security }, theme };
      if (locale.trim()) next.locale = locale.trim();
      return call(api.PATCH("/me", { body: { preferences: next } }));
    },
    onSuccess: (updated) => queryClient.setQueryData(meQuery().queryKey, updated),
    fields: ["preferences.locale", "preferences.theme"],
  });

  return (
    <form className="card" aria-labelledby="preferences-heading" onSubmit={save.onSubmit}>
      <h2 id="preferences-heading">Preferences</h2>
      <EmailMeAbout
        invitations={invitations}
        security={security}
        onInvitations={setInvitations}
        onSecurity={setSecurity}
      />
      <div className="form-row">
        <Field
          id="locale"
          label="Language"
          hint="A tag such as en or pt-BR."
          error={save.fieldError("preferences.locale")}
        >
          {(control) => (
            <input {...control} value={locale} onChange={(event) => setLocale(event.target.value)} maxLength={35} />
          )}
        </Field>
        <Field id="theme" label="Theme" error={save.fieldError("preferences.theme")}>
          {(control) => (
            <select {...control} value={theme} onChange={(event) => setTheme(event.target.value as Theme)}>
              <option value="system">Same as my device</option>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          )}
        </Field>
      </div>
      <SaveBar label="Save preferences" save={save} />
    </form>
  );
}

function EmailMeAbout(props: {
  invitations: boolean;
  security: boolean;
  onInvitations: (on: boolean) => void;
  onSecurity: (on: boolean) => void;
}) {
  return (
    <fieldset className="plain">
      <legend>Email me about</legend>
      <Field checkbox label="Invitations to workspaces">
        {(control) => (
          <input
            {...control}
            type="checkbox"
            checked={props.invitations}
            onChange={(event) => props.onInvitations(event.target.checked)}
          />
        )}
      </Field>
      <Field checkbox label="Security events (new sign-ins, changes to my account)">
        {(control) => (
          <input
            {...control}
            type="checkbox"
            checked={props.security}
            onChange={(event) => props.onSecurity(event.target.checked)}
          />
        )}
      </Field>
    </fieldset>
  );
}
