/**
 * `/workspaces/:id/*`: one workspace, its tabs (members, invitations, links, audit log, webhooks, settings) for the
 * caller's role, and what its two-factor policy asks of them (TwoFactorPolicy.tsx).
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Suspense, useRef } from "react";
import { NavLink, Route, Routes, useParams } from "react-router";
import { ApiError } from "../api/problems";
import { ErrorMessage, Loading } from "../ui/Status";
import { TransferBanner } from "./Ownership";
import { workspaceQuery } from "./queries";
import { ROLE_LABELS } from "./rules";
import { TwoFactorBanner, TwoFactorRequired } from "./TwoFactorPolicy";
import { prefetchTab, WORKSPACE_TABS } from "./tabs";
import type { WorkspaceDetail } from "./types";
import { useLiveWorkspace } from "./useLiveWorkspace";
import { WorkspaceGone } from "./WorkspaceGone";

export default function Workspace() {
  const id = useParams().id ?? "";
  const live = useLiveWorkspace(id);
  // Once closed to this person, it is not asked for again (that would only answer 404).
  const workspace = useQuery({ ...workspaceQuery(id), enabled: live.ended === null });
  // The name as last shown, for the screen that says why the workspace is gone.
  const lastName = useRef<{ id: string; name: string } | null>(null);
  if (workspace.data) lastName.current = { id, name: workspace.data.name };
  if (live.ended) {
    const name = lastName.current?.id === id ? lastName.current.name : null;
    return <WorkspaceGone id={id} reason={live.ended} name={name} />;
  }
  if (workspace.isPending) return <Loading />;
  // Past the workspace's two-factor deadline every route but leaving refuses this person until they turn it on.
  if (workspace.isError && workspace.error instanceof ApiError && workspace.error.code === "two_factor_required")
    return <TwoFactorRequired id={id} name={lastName.current?.id === id ? lastName.current.name : null} />;
  if (workspace.isError)
    return (
      <>
        <h1>Workspace</h1>
        <ErrorMessage error={workspace.error} />
      </>
    );
  const ws = workspace.data;
  return (
    <>
      {/* The socket's state, for tests and tools; people see it only when it is down (below). */}
      <h1 data-live-status={live.status}>{ws.name}</h1>
      <p className="muted">
        You are <span data-testid="my-role">{ROLE_LABELS[ws.role].toLowerCase()}</span> here · {ws.member_count}{" "}
        {ws.member_count === 1 ? "member" : "members"}
        <LiveStatusNote status={live.status} />
      </p>
      <TwoFactorBanner workspace={ws} />
      <TransferBanner workspace={ws} />
      <WorkspaceTabs workspace={ws} />
      <Suspense fallback={<Loading />}>
        <Routes>
          {WORKSPACE_TABS.map(({ path, Page }) =>
            path ? (
              <Route key={path} path={path} element={<Page workspace={ws} />} />
            ) : (
              <Route key={path} index element={<Page workspace={ws} />} />
            ),
          )}
        </Routes>
      </Suspense>
    </>
  );
}

/** The tab links; pointing at one or focusing it starts its code and data, so it opens without a wait in between. */
function WorkspaceTabs({ workspace }: { workspace: WorkspaceDetail }) {
  const queryClient = useQueryClient();
  return (
    <nav className="tabs" aria-label="Workspace">
      {WORKSPACE_TABS.filter((tab) => tab.shownTo(workspace.role)).map((tab) => {
        const prefetch = () => prefetchTab(queryClient, { id: workspace.id, detail: workspace }, tab);
        return (
          <NavLink
            key={tab.label}
            to={`/workspaces/${workspace.id}${tab.path ? `/${tab.path}` : ""}`}
            end
            className="nav-link"
            onPointerEnter={prefetch}
            onFocus={prefetch}
          >
            {tab.label}
          </NavLink>
        );
      })}
    </nav>
  );
}

/**
 * Said only while the live updates are down: what the page shows may then be behind. An open socket is the normal
 * state and needs no words (and its moment of opening would make every picture of the page differ).
 */
function LiveStatusNote({ status }: { status: ReturnType<typeof useLiveWorkspace>["status"] }) {
  if (status !== "reconnecting") return null;
  return <span data-testid="live-reconnecting"> · reconnecting to show changes as they happen…</span>;
}
