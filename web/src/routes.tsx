/**
 * Every page of the app and its path. Pages load on demand, so the first load carries only the shell; a page whose
 * data is known from its path starts that data while its code loads, not after.
 */
import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useEffect } from "react";
import { Navigate, Route, Routes, useParams } from "react-router";
import { Layout } from "./ui/Layout";
import { RequireSignIn } from "./ui/RequireSignIn";
import { Loading } from "./ui/Status";
import { prefetchTabAt, prefetchWorkspace } from "./workspaces/tabs";

const Home = lazy(() => import("./pages/Home"));
const Callback = lazy(() => import("./pages/Callback"));
const NotFound = lazy(() => import("./pages/NotFound"));
const Invitation = lazy(() => import("./pages/Invitation"));
const Join = lazy(() => import("./pages/Join"));
const Workspace = lazy(() => import("./workspaces/Workspace"));
const WorkspaceList = lazy(() => import("./workspaces/WorkspaceList"));
const SettingsLayout = lazy(() => import("./settings/SettingsLayout"));
const ProfilePage = lazy(() => import("./settings/ProfilePage"));
const SecurityPage = lazy(() => import("./settings/SecurityPage"));
const PrivacyPage = lazy(() => import("./account/PrivacyPage"));
const AppsPage = lazy(() => import("./settings/AppsPage"));
const RequireAdmin = lazy(() => import("./admin/RequireAdmin"));
const AdminUsers = lazy(() => import("./admin/AdminUsers"));
const AdminUser = lazy(() => import("./admin/AdminUser"));
const AdminAudit = lazy(() => import("./admin/AdminAudit"));
const AdminRetention = lazy(() => import("./admin/AdminRetention"));
const AdminClients = lazy(() => import("./admin/AdminClients"));
const AdminClient = lazy(() => import("./admin/AdminClient"));
const AdminWebhooks = lazy(() => import("./admin/AdminWebhooks"));
const AccountDeletedNotice = lazy(() => import("./account/AccountDeletedNotice"));
const SignedOut = lazy(() => import("./pages/SignedOut"));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Page element={<Home />} />} />
        <Route path="callback" element={<Page element={<Callback />} />} />
        <Route path="invite" element={<Page element={<Invitation />} />} />
        <Route path="invite/:token" element={<Page element={<Invitation />} />} />
        <Route path="join/:token" element={<Page element={<Join />} />} />
        <Route element={<RequireSignIn />}>
          <Route path="workspaces" element={<Page element={<WorkspaceList />} />} />
          <Route path="workspaces/:id/*" element={<WorkspaceRoute />} />
          <Route path="settings" element={<Page element={<SettingsLayout />} />}>
            <Route index element={<Navigate to="profile" replace />} />
            <Route path="profile" element={<Page element={<ProfilePage />} />} />
            <Route path="security" element={<Page element={<SecurityPage />} />} />
            <Route path="privacy" element={<Page element={<PrivacyPage />} />} />
            <Route path="apps" element={<Page element={<AppsPage />} />} />
            {/* Its name before the consents joined it: old links and bookmarks still land there. */}
            <Route path="account" element={<Navigate to="/settings/privacy" replace />} />
          </Route>
          <Route path="admin" element={<Page element={<RequireAdmin />} />}>
            <Route index element={<Navigate to="users" replace />} />
            <Route path="users" element={<Page element={<AdminUsers />} />} />
            <Route path="users/:id" element={<Page element={<AdminUser />} />} />
            <Route path="audit" element={<Page element={<AdminAudit />} />} />
            <Route path="retention" element={<Page element={<AdminRetention />} />} />
            <Route path="clients" element={<Page element={<AdminClients />} />} />
            <Route path="clients/:id" element={<Page element={<AdminClient />} />} />
            <Route path="webhooks" element={<Page element={<AdminWebhooks />} />} />
          </Route>
        </Route>
        <Route path="account-deleted" element={<Page element={<AccountDeletedNotice />} />} />
        <Route path="signed-out" element={<Page element={<SignedOut />} />} />
        <Route path="*" element={<Page element={<NotFound />} />} />
      </Route>
    </Routes>
  );
}

function Page({ element }: { element: React.ReactNode }) {
  return <Suspense fallback={<Loading />}>{element}</Suspense>;
}

/**
 * A workspace page: the workspace's data, and the code and data of the tab in its path, start together with the
 * page's own code; on each tab change, that tab's code and data start together again.
 */
function WorkspaceRoute() {
  const { id = "", "*": rest = "" } = useParams();
  const queryClient = useQueryClient();
  useEffect(() => prefetchWorkspace(queryClient, id), [queryClient, id]);
  useEffect(() => prefetchTabAt(queryClient, id, rest), [queryClient, id, rest]);
  return <Page element={<Workspace />} />;
}
