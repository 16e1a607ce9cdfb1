/** Every page of the app and its path. Pages load on demand, so the first load carries only the shell. */
import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router";
import { Layout } from "./ui/Layout";
import { RequireSignIn } from "./ui/RequireSignIn";
import { Loading } from "./ui/Status";

const Home = lazy(() => import("./pages/Home"));
const Callback = lazy(() => import("./pages/Callback"));
const NotFound = lazy(() => import("./pages/NotFound"));
const Invitation = lazy(() => import("./pages/Invitation"));
const Workspace = lazy(() => import("./workspaces/Workspace"));
const WorkspaceList = lazy(() => import("./workspaces/WorkspaceList"));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Page element={<Home />} />} />
        <Route path="callback" element={<Page element={<Callback />} />} />
        <Route path="invite/:token" element={<Page element={<Invitation />} />} />
        <Route element={<RequireSignIn />}>
          <Route path="workspaces" element={<Page element={<WorkspaceList />} />} />
          <Route path="workspaces/:id/*" element={<Page element={<Workspace />} />} />
        </Route>
        <Route path="*" element={<Page element={<NotFound />} />} />
      </Route>
    </Routes>
  );
}

function Page({ element }: { element: React.ReactNode }) {
  return <Suspense fallback={<Loading />}>{element}</Suspense>;
}
