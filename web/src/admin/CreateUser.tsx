/** Creating an account for someone: they are mailed a link to choose their password. */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api, call } from "../api/client";
import { Field } from "../forms/Field";
import { FormError } from "../forms/FormError";
import { LIMITS } from "../forms/field-words";
import { type Submission, useSubmit } from "../forms/useSubmit";
import { adminKeys, type PlatformRole } from "./queries";

const EMPTY = { email: "", first_name: "", last_name: "", platform_role: "user" as PlatformRole };
type NewUser = typeof EMPTY;

export function CreateUser() {
  const [user, setUser] = useState(EMPTY);
  const queryClient = useQueryClient();
  const create = useSubmit({
    submit: () =>
      call(
        api.POST("/admin/users", {
          body: {
            email: user.email,
            platform_role: user.platform_role,
            ...(user.first_name.trim() ? { first_name: user.first_name } : {}),
            ...(user.last_name.trim() ? { last_name: user.last_name } : {}),
          },
        }),
      ),
    onSuccess: () => {
      setUser(EMPTY);
      return queryClient.invalidateQueries({ queryKey: adminKeys.users });
    },
    fields: ["email", "first_name", "last_name", "platform_role"],
    codesOnFields: { conflict: { path: "email", message: "An account with this email already exists." } },
  });

  return (
    <details className="card">
      <summary>Create an account</summary>
      <form onSubmit={create.onSubmit}>
        <p className="muted">The person gets an email with a link to choose their password.</p>
        <NewUserFields
          user={user}
          change={(change) => setUser((current) => ({ ...current, ...change }))}
          errorOf={create.fieldError}
        />
        <div className="actions">
          <button type="submit" disabled={create.pending}>
            Create account
          </button>
        </div>
        {create.data && (
          <p className="success" role="status">
            Created <Link to={`/admin/users/${create.data.id}`}>{create.data.email}</Link>; they have been mailed a
            link.
          </p>
        )}
        <FormError of={create} />
      </form>
    </details>
  );
}

function NewUserFields(props: {
  user: NewUser;
  change: (change: Partial<NewUser>) => void;
  errorOf: Submission["fieldError"];
}) {
  const { user, change, errorOf } = props;
  return (
    <div className="form-row">
      <Field id="new-user-email" label="Email" error={errorOf("email")}>
        {(control) => (
          <input
            {...control}
            type="email"
            value={user.email}
            onChange={(event) => change({ email: event.target.value })}
            required
            maxLength={LIMITS.email}
          />
        )}
      </Field>
      <Field
        id="new-user-first"
        label="First name (optional)"
        error={errorOf("first_name")}
        count={{ value: user.first_name, max: LIMITS.name }}
      >
        {(control) => (
          <input
            {...control}
            value={user.first_name}
            onChange={(event) => change({ first_name: event.target.value })}
          />
        )}
      </Field>
      <Field
        id="new-user-last"
        label="Last name (optional)"
        error={errorOf("last_name")}
        count={{ value: user.last_name, max: LIMITS.name }}
      >
        {(control) => (
          <input {...control} value={user.last_name} onChange={(event) => change({ last_name: event.target.value })} />
        )}
      </Field>
      <Field id="new-user-role" label="Platform role" error={errorOf("platform_role")}>
        {(control) => (
          <select
            {...control}
            value={user.platform_role}
            onChange={(event) => change({ platform_role: event.target.value as PlatformRole })}
          >
            <option value="user">User</option>
            <option value="admin">Admin</option>
          </select>
        )}
      </Field>
    </div>
  );
}
