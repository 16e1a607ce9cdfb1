/** `/`: the signed-in person's workspaces, or what the service is and how to sign in. */
import { Navigate } from "react-router";
import { signIn } from "../auth/session";
import { useAuthStatus } from "../auth/useAuth";

export default function Home() {
  if (useAuthStatus() === "signed-in") return <Navigate to="/workspaces" replace />;
  return (
    <section className="narrow">
      <h1>Your workspaces, shared safely</h1>
      <p>Sign in to see your workspaces, invite people and decide what each of them may do.</p>
      <div className="actions">
        <button type="button" onClick={() => signIn({ returnTo: "/workspaces" })}>
          Sign in
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => signIn({ returnTo: "/workspaces", provider: "password" })}
        >
          Create an account
        </button>
      </div>
    </section>
  );
}
