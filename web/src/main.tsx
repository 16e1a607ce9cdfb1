/** The single-page app's entry point: the data cache, the router, the styles. */
import { SessionProvider } from "@edge-identity/client/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { ApiError } from "./api/problems";
import { auth, session } from "./auth/session";
import { AppRoutes } from "./routes";
import "./styles.css";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Data is refetched whenever a page shows it (no live updates yet). A refused answer (4xx) will not change by asking again; only network and server failures are retried.
      retry: (failures, error) =>
        failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
});

// Signed out, here or in another tab: nothing of the last person's data stays for the next one to see.
auth.subscribe(() => {
  if (auth.status() === "signed-out") queryClient.clear();
});

const root = document.getElementById("root");
if (root)
  createRoot(root).render(
    <StrictMode>
      {/* The /callback page completes sign-in itself, inside the router. */}
      <SessionProvider session={session} handleRedirect={false}>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </QueryClientProvider>
      </SessionProvider>
    </StrictMode>,
  );
