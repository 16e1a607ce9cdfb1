/** `/settings/*`: the person's own account, in four tabs ("My account": workspaces have settings of their own). */
import { NavLink, Outlet } from "react-router";

const TABS = [
  { to: "/settings/profile", label: "Profile" },
  { to: "/settings/security", label: "Security" },
  { to: "/settings/privacy", label: "Privacy" },
  { to: "/settings/apps", label: "Apps" },
];

export default function SettingsLayout() {
  return (
    <>
      <h1>My account</h1>
      <nav className="tabs" aria-label="My account">
        {TABS.map((tab) => (
          <NavLink key={tab.to} to={tab.to} className="nav-link">
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </>
  );
}
