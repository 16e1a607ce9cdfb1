/** `/callback`: where the issuer sends the browser back; exchanges the code, then goes where sign-in started. */
import { useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { completeSignIn } from "../auth/session";
import { ErrorMessage, Loading } from "../ui/Status";

/** One exchange per page load: an authorization code works once, and StrictMode runs effects twice. */
let exchange: Promise<string> | null = null;

export default function Callback() {
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    exchange ??= completeSignIn(new URLSearchParams(window.location.search));
    exchange.then((to) => navigate(to, { replace: true }), setError);
  }, [navigate]);
  if (!error) return <Loading label="Signing you in…" />;
  return (
    <section className="narrow">
      <h1>Signing in did not work</h1>
      <ErrorMessage error={error} />
      <a href="/">Back to the start</a>
    </section>
  );
}
