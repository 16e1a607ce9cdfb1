/** The tabs of the admin pages. */
import { NavLink } from "react-router";

export function AdminNav() {
  return (
    <nav className="tabs" aria-label="Administration">
      <NavLink to="/admin/users" className="nav-link">
        Users
      </NavLink>
      <NavLink to="/admin/audit" className="nav-link">
        Audit log
      </NavLink>
      <NavLink to="/admin/retention" className="nav-link">
        Retention
      </NavLink>
      <NavLink to="/admin/clients" className="nav-link">
        Apps
      </NavLink>
      <NavLink to="/admin/webhooks" className="nav-link">
        Webhooks
      </NavLink>
    </nav>
  );
}
