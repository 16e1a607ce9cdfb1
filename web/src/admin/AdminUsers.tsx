/**
 * `/admin/users`: every account, oldest first, with a prefix search over email and names, filters by platform
 * role and status (kept in the address, so a search can be shared and the back button works), and a form to
 * create an account.
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useLocation, useSearchParams } from "react-router";
import type { components } from "../api/schema";
import { Field } from "../forms/Field";
import { Avatar } from "../ui/Avatar";
import { ShowMore } from "../ui/ShowMore";
import { Empty, ErrorMessage, Loading } from "../ui/Status";
import { formatTime } from "../workspaces/names";
import { AdminNav } from "./AdminNav";
import { CreateUser } from "./CreateUser";
import {
  adminUsersQuery,
  type UserFilters as Filters,
  type PlatformRole,
  STATUS_LABELS,
  type UserStatus,
} from "./queries";

export default function AdminUsers() {
  const [params, setParams] = useSearchParams();
  const filters: Filters = {
    q: params.get("q") ?? "",
    platform_role: (params.get("platform_role") ?? "") as PlatformRole | "",
    status: (params.get("status") ?? "") as UserStatus | "",
  };
  const users = useInfiniteQuery(adminUsersQuery(filters));
  const all = users.data?.pages.flatMap((page) => page.users) ?? [];
  const purged = (useLocation().state as { purged?: string } | null)?.purged;

  return (
    <>
      <h1>Administration</h1>
      <AdminNav />
      {purged && (
        <p className="success" role="status">
          The account of {purged} has been erased.
        </p>
      )}
      <CreateUser />
      <h2>Users</h2>
      <UserFilters
        key={params.toString()}
        initial={filters}
        onSearch={(next) => setParams(Object.entries(next).filter(([, value]) => value) as [string, string][])}
      />
      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <ErrorMessage error={users.error} />
      ) : all.length === 0 ? (
        <Empty>No account matches.</Empty>
      ) : (
        <UsersTable users={all} />
      )}
      <ShowMore list={users} label="Show more users" />
    </>
  );
}

type UserRow = components["schemas"]["AdminUser"];

function UsersTable({ users }: { users: UserRow[] }) {
  return (
    <div className="table-wrap">
      {/* Below 40rem the rows become cards (styles.css): each cell shows its data-label, the column's name. */}
      <table className="data stacks">
        <caption className="visually-hidden">Users</caption>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Two-factor</th>
            <th scope="col">Last sign-in</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td data-label="Email">
                <span className="person-cell">
                  <Avatar person={user} />
                  <Link to={`/admin/users/${user.id}`}>{user.email}</Link>
                </span>
              </td>
              <td data-label="Name">{[user.first_name, user.last_name].filter(Boolean).join(" ") || "–"}</td>
              <td data-label="Role">{user.platform_role === "admin" ? "Admin" : "User"}</td>
              <td data-label="Status">
                <span className={`badge ${user.status === "active" ? "on" : "off"}`}>{STATUS_LABELS[user.status]}</span>
              </td>
              <td data-label="Two-factor">{user.two_factor_enabled ? "On" : "Off"}</td>
              <td data-label="Last sign-in">{user.last_sign_in_at ? formatTime(user.last_sign_in_at) : "Never"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UserFilters({ initial, onSearch }: { initial: Filters; onSearch: (filters: Filters) => void }) {
  const [filters, setFilters] = useState(initial);
  const set = (change: Partial<Filters>) => setFilters((current) => ({ ...current, ...change }));
  return (
    <form
      aria-label="Find users"
      onSubmit={(event) => {
        event.preventDefault();
        onSearch({ ...filters, q: filters.q.trim() });
      }}
    >
      <div className="form-row">
        <Field id="user-search" label="Email or name starts with">
          {(control) => (
            <input
              {...control}
              type="search"
              value={filters.q}
              onChange={(event) => set({ q: event.target.value })}
              maxLength={254}
            />
          )}
        </Field>
        <Field id="user-role" label="Role">
          {(control) => (
            <select
              {...control}
              value={filters.platform_role}
              onChange={(event) => set({ platform_role: event.target.value as Filters["platform_role"] })}
            >
              <option value="">Any role</option>
              <option value="user">User</option>
              <option value="admin">Admin</option>
            </select>
          )}
        </Field>
        <Field id="user-status" label="Status">
          {(control) => (
            <select
              {...control}
              value={filters.status}
              onChange={(event) => set({ status: event.target.value as Filters["status"] })}
            >
              <option value="">Any status</option>
              {(Object.keys(STATUS_LABELS) as UserStatus[]).map((status) => (
                <option key={status} value={status}>
                  {STATUS_LABELS[status]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit">Search</button>
      </div>
    </form>
  );
}
