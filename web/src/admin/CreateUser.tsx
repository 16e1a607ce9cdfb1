/** Creating an account for someone: they are mailed a link to choose their password. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api, call } from "../api/client";
import { ApiError } from "../api/problems";
import { ErrorMessage } from "../ui/Status";
import { adminKeys, type PlatformRole } from "./queries";

export function CreateUser() {
  const [email, setEmail] = useState("");
  const [firstName, setFirstName] = useState("");
  const [lastName, setLastName] = useState("");
  const [role, setRole] = useState<PlatformRole>("user");
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST("/admin/users", {
          body: {
            email,
            platform_role: role,
            ...(firstName.trim() ? { first_name: firstName } : {}),
            ...(lastName.trim() ? { last_name: lastName } : {}),
          },
        }),
      ),
    onSuccess: () => {
      setEmail("");
      setFirstName("");
      setLastName("");
      setRole("user");
      return queryClient.invalidateQueries({ queryKey: adminKeys.users });
    },
  });
  const taken = create.error instanceof ApiError && create.error.code === "conflict";

  return (
    <details className="card">
      <summary>Create an account</summary>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <p className="muted">The person gets an email with a link to choose their password.</p>
        <div className="form-row">
          <div className="field">
            <label htmlFor="new-user-email">Email</label>
            <input
              id="new-user-email"
              type="email"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              required
              maxLength={254}
            />
          </div>
          <div className="field">
            <label htmlFor="new-user-first">First name (optional)</label>
            <input
              id="new-user-first"
              value={firstName}
              onChange={(event) => setFirstName(event.target.value)}
              maxLength={100}
            />
          </div>
          <div className="field">
            <label htmlFor="new-user-last">Last name (optional)</label>
            <input
              id="new-user-last"
              value={lastName}
              onChange={(event) => setLastName(event.target.value)}
              maxLength={100}
            />
          </div>
          <div className="field">
            <label htmlFor="new-user-role">Platform role</label>
            <select id="new-user-role" value={role} onChange={(event) => setRole(event.target.value as PlatformRole)}>
              <option value="user">User</option>
              <option value="admin">Admin</option>
            </select>
          </div>
        </div>
        <div className="actions">
          <button type="submit" disabled={create.isPending}>
            Create account
          </button>
        </div>
        {create.isSuccess && (
          <p className="success" role="status">
            Created <Link to={`/admin/users/${create.data.id}`}>{create.data.email}</Link>; they have been mailed a
            link.
          </p>
        )}
        {taken ? (
          <p className="error" role="alert">
            An account with this email already exists.
          </p>
        ) : (
          <ErrorMessage error={create.error} />
        )}
      </form>
    </details>
  );
}
