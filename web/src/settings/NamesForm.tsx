/** The person's first and last name (PATCH /api/me); a name can be changed, not cleared. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, call } from "../api/client";
import { ApiError } from "../api/problems";
import { ME_KEY } from "../me/useMe";
import { SaveBar } from "./SaveBar";

export function NamesForm({ me }: { me: { first_name: string; last_name: string } }) {
  const [firstName, setFirstName] = useState(me.first_name);
  const [lastName, setLastName] = useState(me.last_name);
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () => call(api.PATCH("/me", { body: { first_name: firstName, last_name: lastName } })),
    onSuccess: (updated) => queryClient.setQueryData(ME_KEY, updated),
  });
  const fieldError = (path: string) => (save.error instanceof ApiError ? save.error.fieldMessage(path) : undefined);

  return (
    <form
      className="card"
      aria-labelledby="names-heading"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <h2 id="names-heading">Name</h2>
      <div className="form-row">
        <NameField
          id="first-name"
          label="First name"
          value={firstName}
          onChange={setFirstName}
          error={fieldError("first_name")}
        />
        <NameField
          id="last-name"
          label="Last name"
          value={lastName}
          onChange={setLastName}
          error={fieldError("last_name")}
        />
      </div>
      <SaveBar label="Save name" save={save} />
    </form>
  );
}

function NameField(props: { id: string; label: string; value: string; onChange: (v: string) => void; error?: string }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        required
        maxLength={100}
        autoComplete={props.id === "first-name" ? "given-name" : "family-name"}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
      />
      {props.error && (
        <span id={`${props.id}-error`} className="error">
          {props.error}
        </span>
      )}
    </div>
  );
}
