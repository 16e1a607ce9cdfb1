/** Any path the app does not know. */
import { Link } from "react-router";

export default function NotFound() {
  return (
    <section className="narrow">
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <Link to="/">Back to the start</Link>
    </section>
  );
}
