/** The app shell: shows whether the API answers. Sign-in and workspaces pages arrive with their issues. */
import { useEffect, useState } from "react";

type Health = "checking" | "up" | "down";

export function App() {
  const [health, setHealth] = useState<Health>("checking");

  useEffect(() => {
    fetch("/api/health")
      .then((response) => setHealth(response.ok ? "up" : "down"))
      .catch(() => setHealth("down"));
  }, []);

  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: "40rem", margin: "3rem auto" }}>
      <h1>Edge Identity</h1>
      <p>
        API: <strong data-testid="health">{health}</strong>
      </p>
      <p>
        Reference: <a href="/api/docs">/api/docs</a>
      </p>
    </main>
  );
}
