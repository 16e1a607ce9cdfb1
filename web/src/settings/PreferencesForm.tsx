/** Notification choices, language and theme (PATCH /api/me `preferences`, merged into what is stored). */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, call } from "../api/client";
import type { components } from "../api/schema";
import { ME_KEY } from "../me/useMe";
import { SaveBar } from "./SaveBar";

type Preferences = components["schemas"]["Preferences"];
type Theme = NonNullable<Preferences["theme"]>;

export function PreferencesForm({ preferences }: { preferences: Preferences }) {
  const [invitations, setInvitations] = useState(preferences.notifications?.invitations ?? true);
  const [security, setSecurity] = useState(preferences.notifications?.security ?? true);
  const [locale, setLocale] = useState(preferences.locale ?? "");
  const [theme, setTheme] = useState<Theme>(preferences.theme ?? "system");
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () => {
      const next: Preferences = { notifications: { invitations, security }, theme };
      if (locale.trim()) next.locale = locale.trim();
      return call(api.PATCH("/me", { body: { preferences: next } }));
    },
    onSuccess: (updated) => queryClient.setQueryData(ME_KEY, updated),
  });

  return (
    <form
      className="card"
      aria-labelledby="preferences-heading"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <h2 id="preferences-heading">Preferences</h2>
      <fieldset className="plain">
        <legend>Email me about</legend>
        <label className="check">
          <input type="checkbox" checked={invitations} onChange={(event) => setInvitations(event.target.checked)} />
          Invitations to workspaces
        </label>
        <label className="check">
          <input type="checkbox" checked={security} onChange={(event) => setSecurity(event.target.checked)} />
          Security events (new sign-ins, changes to my account)
        </label>
      </fieldset>
      <div className="form-row">
        <div className="field">
          <label htmlFor="locale">Language (a tag such as en or pt-BR)</label>
          <input id="locale" value={locale} onChange={(event) => setLocale(event.target.value)} maxLength={35} />
        </div>
        <div className="field">
          <label htmlFor="theme">Theme</label>
          <select id="theme" value={theme} onChange={(event) => setTheme(event.target.value as Theme)}>
            <option value="system">Same as my device</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </div>
      </div>
      <SaveBar label="Save preferences" save={save} />
    </form>
  );
}
