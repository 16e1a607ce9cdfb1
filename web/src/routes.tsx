/** Every page of the app and its path. Pages load on demand, so the first load carries only the shell. */
import { lazy, Suspense } from "react";
import { Navigate, Route, Routes } from "react-router";
import { Layout } from "./ui/Layout";
import { RequireSignIn } from "./ui/RequireSignIn";
import { Loading } from "./ui/Status";

const Home = lazy(() => import("./pages/Home"));
const Callback = lazy(() => import("./pages/Callback"));
const NotFound = lazy(() => import("./pages/NotFound"));
const WorkspaceList = lazy(() => import("./workspaces/WorkspaceList"));
const SettingsLayout = lazy(() => import("./settings/SettingsLayout"));
const ProfilePage = lazy(() => import("./settings/ProfilePage"));
const SecurityPage = lazy(() => import("./settings/SecurityPage"));
const AccountPage = lazy(() => import("./account/AccountPage"));
const AccountDeletedNotice = lazy(() => import("./account/AccountDeletedNotice"));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Page element={<Home />} />} />
        <Route path="callback" element={<Page element={<Callback />} />} />
        <Route element={<RequireSignIn />}>
          <Route path="workspaces" element={<Page element={<WorkspaceList />} />} />
          <Route path="settings" element={<Page element={<SettingsLayout />} />}>
            <Route index element={<Navigate to="profile" replace />} />
            <Route path="profile" element={<Page element={<ProfilePage />} />} />
            <Route path="security" element={<Page element={<SecurityPage />} />} />
            <Route path="account" element={<Page element={<AccountPage />} />} />
          </Route>
        </Route>
        <Route path="account-deleted" element={<Page element={<AccountDeletedNotice />} />} />
        <Route path="*" element={<Page element={<NotFound />} />} />
      </Route>
    </Routes>
  );
}

function Page({ element }: { element: React.ReactNode }) {
  return <Suspense fallback={<Loading />}>{element}</Suspense>;
}
