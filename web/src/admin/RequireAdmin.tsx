/** Admin pages, for platform admins only: anyone else is told so (the server refuses them anyway). */
import { Outlet } from "react-router";
import { useMe } from "../me/useMe";
import { ErrorMessage, Loading } from "../ui/Status";

export default function RequireAdmin() {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorMessage error={me.error} />;
  if (me.data.platform_role !== "admin") {
    return (
      <section className="narrow">
        <h1>Administration</h1>
        <p>These pages are for platform admins.</p>
      </section>
    );
  }
  return <Outlet />;
}
