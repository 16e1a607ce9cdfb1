/**
 * Admin pages, for platform admins only: anyone else is told so (the server refuses them anyway). An admin
 * without two-factor is led to turn it on first, since every admin route refuses them until then (decision 0020).
 */
import { Link, Outlet } from "react-router";
import { useMe } from "../me/useMe";
import { ErrorMessage, Loading } from "../ui/Status";

/** Where two-factor is set up: the server's `two_factor_required` problem names the same page. */
const TWO_FACTOR_SETUP = "/settings/security";

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
  if (!me.data.two_factor_enabled) {
    return (
      <section className="narrow">
        <h1>Administration</h1>
        <div className="notice" role="status">
          <h2>Turn on two-factor authentication first</h2>
          <p>
            Admins must have two-factor authentication on, so that a stolen password or session cannot use admin powers.
            Set it up, then come back here.
          </p>
          <p>
            <Link to={TWO_FACTOR_SETUP}>Set up two-factor authentication</Link>
          </p>
        </div>
      </section>
    );
  }
  return <Outlet />;
}
