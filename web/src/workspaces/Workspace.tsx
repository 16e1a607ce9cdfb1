/** `/workspaces/:id/*`: one workspace, its tabs (members, invitations, audit log, settings) for the caller's role. */
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { NavLink, Route, Routes, useParams } from "react-router";
import { ErrorMessage, Loading } from "../ui/Status";
import { TransferBanner } from "./Ownership";
import { workspaceQuery } from "./queries";
import { can, ROLE_LABELS } from "./rules";

const Members = lazy(() => import("./Members"));
const Invitations = lazy(() => import("./Invitations"));
const Audit = lazy(() => import("./Audit"));
const Settings = lazy(() => import("./Settings"));

export default function Workspace() {
  const id = useParams().id ?? "";
  const workspace = useQuery(workspaceQuery(id));
  if (workspace.isPending) return <Loading />;
  if (workspace.isError)
    return (
      <>
        <h1>Workspace</h1>
        <ErrorMessage error={workspace.error} />
      </>
    );
  const ws = workspace.data;
  const tabs = [
    { to: "", label: "Members", show: true },
    { to: "/invitations", label: "Invitations", show: can(ws.role, "list_invitations") },
    { to: "/audit", label: "Audit log", show: can(ws.role, "read_audit") },
    { to: "/settings", label: "Settings", show: true },
  ];
  return (
    <>
      <h1>{ws.name}</h1>
      <p className="muted">
        You are <span data-testid="my-role">{ROLE_LABELS[ws.role].toLowerCase()}</span> here · {ws.member_count}{" "}
        {ws.member_count === 1 ? "member" : "members"}
      </p>
      <TransferBanner workspace={ws} />
      <nav className="tabs" aria-label="Workspace">
        {tabs
          .filter((tab) => tab.show)
          .map((tab) => (
            <NavLink key={tab.label} to={`/workspaces/${ws.id}${tab.to}`} end className="nav-link">
              {tab.label}
            </NavLink>
          ))}
      </nav>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route index element={<Members workspace={ws} />} />
          <Route path="invitations" element={<Invitations workspace={ws} />} />
          <Route path="audit" element={<Audit workspace={ws} />} />
          <Route path="settings" element={<Settings workspace={ws} />} />
        </Routes>
      </Suspense>
    </>
  );
}
