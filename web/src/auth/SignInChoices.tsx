/**
 * The two ways in offered where a link brought someone who is not signed in (an invitation, a share link): an
 * emailed code first, since it also makes the account of someone new, then a password. Either returns to `returnTo`.
 */
import { signIn } from "./session";

export function SignInChoices({ returnTo }: { returnTo: string }) {
  return (
    <div className="actions">
      <button type="button" onClick={() => signIn({ provider: "code", returnTo })}>
        Continue with an emailed code
      </button>
      <button type="button" className="secondary" onClick={() => signIn({ provider: "password", returnTo })}>
        Sign in with a password
      </button>
    </div>
  );
}
