/** `/settings/*`: the person's own account, in three tabs. */
import { NavLink, Outlet } from "react-router";

const TABS = [
  { to: "/settings/profile", label: "Profile" },
  { to: "/settings/security", label: "Security" },
  { to: "/settings/account", label: "Account" },
];

export default function SettingsLayout() {
  return (
    <>
      <h1>Settings</h1>
      <nav className="tabs" aria-label="Settings">
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
