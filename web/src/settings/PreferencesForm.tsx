/**
 * Which mail to receive, and the theme (PATCH /api/me `preferences`, merged into what is stored). Only settings
 * that do something are offered: the interface is English only, so there is no language. The mail about a sign-in
 * from a new browser may be turned off (decision 0032); security changes are always mailed (decision 0020).
 */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, call } from "../api/client";
import type { components } from "../api/schema";
import { Field } from "../forms/Field";
import { useSubmit } from "../forms/useSubmit";
import { meQuery } from "../me/queries";
import { applyTheme, type Theme, themeOf } from "../ui/theme";
import { SaveBar } from "./SaveBar";

type Preferences = components["schemas"]["Preferences"];

export function PreferencesForm({ preferences }: { preferences: Preferences }) {
  const [invitations, setInvitations] = useState(preferences.notifications?.invitations ?? true);
  const [newSignIns, setNewSignIns] = useState(preferences.notifications?.security ?? true);
  const [theme, setTheme] = useState<Theme>(themeOf(preferences.theme));
  const queryClient = useQueryClient();
  const save = useSubmit({
    submit: () =>
      call(
        api.PATCH("/me", {
          body: { preferences: { notifications: { invitations, security: newSignIns }, theme } },
        }),
      ),
    onSuccess: (updated) => {
      queryClient.setQueryData(meQuery().queryKey, updated);
      applyTheme(themeOf(updated.preferences.theme));
    },
    fields: ["preferences.theme"],
  });

  return (
    <form className="card" aria-labelledby="preferences-heading" onSubmit={save.onSubmit}>
      <h2 id="preferences-heading">Preferences</h2>
      <fieldset className="plain">
        <legend>Email me about</legend>
        <Field checkbox label="Invitations to workspaces">
          {(control) => (
            <input
              {...control}
              type="checkbox"
              checked={invitations}
              onChange={(event) => setInvitations(event.target.checked)}
            />
          )}
        </Field>
        <Field checkbox label="Sign-ins from a browser I have not used before">
          {(control) => (
            <input
              {...control}
              type="checkbox"
              checked={newSignIns}
              onChange={(event) => setNewSignIns(event.target.checked)}
            />
          )}
        </Field>
        <p className="muted">Changes to your password, email, passkeys or two-factor are always emailed to you.</p>
      </fieldset>
      <div className="form-row">
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
