import { createSession } from "@edge-identity/client";
import { SessionProvider, SignedIn, SignedOut, useSession, useUser } from "@edge-identity/client/react";
import { createRoot } from "react-dom/client";

const session = createSession({
  issuer: import.meta.env.VITE_ISSUER_URL, // your Edge Identity service
  clientId: "quickstart", // listed in its OAUTH_CLIENT_IDS
  redirectUri: `${window.location.origin}/`, // this app's origin is listed in its ALLOWED_ORIGINS
});

function App() {
  const { signIn, signOut } = useSession();
  const { user } = useUser();
  return (
    <main>
      <SignedOut>
        <button type="button" onClick={() => signIn()}>
          Sign in
        </button>
      </SignedOut>
      <SignedIn>
        <p>Signed in as {user?.email ?? "…"}</p>
        <button type="button" onClick={() => signOut()}>
          Sign out
        </button>
      </SignedIn>
    </main>
  );
}

createRoot(document.getElementById("root") as HTMLElement).render(
  <SessionProvider session={session}>
    <App />
  </SessionProvider>,
);
