/**
 * `/settings/security`: password, two-factor authentication, passkeys, connected accounts, sessions and the sign-in history (the page the
 * new-sign-in mail links to, src/auth/sign-in-history.ts SESSIONS_PAGE_PATH). Reached with `?return=<path>` from a page
 * that needs two-factor on (a workspace that requires it, a share link to join one), it offers the way back once
 * two-factor is on.
 */
import { Link, useSearchParams } from "react-router";
import { useMe } from "../me/useMe";
import { ErrorMessage, Loading } from "../ui/Status";
import { ConnectedAccounts } from "./ConnectedAccounts";
import { Passkeys } from "./Passkeys";
import { PasswordChange } from "./PasswordChange";
import { safeReturnPath } from "./return-path";
import { Sessions } from "./Sessions";
import { SignInHistory } from "./SignInHistory";
import { TwoFactor } from "./TwoFactor";

export default function SecurityPage() {
  const me = useMe();
  const returnTo = safeReturnPath(useSearchParams()[0].get("return"));
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorMessage error={me.error} />;
  const enabled = me.data.two_factor_enabled;
  return (
    <>
      {returnTo && (
        <p className="notice" data-testid="two-factor-return">
          {enabled ? (
            <>
              Two-factor authentication is on. <Link to={returnTo}>Go back to where you were</Link>
            </>
          ) : (
            "Turn on two-factor authentication below; then you can go back to where you were."
          )}
        </p>
      )}
      <PasswordChange />
      <TwoFactor enabled={enabled} />
      <Passkeys />
      <ConnectedAccounts />
      <Sessions />
      <SignInHistory />
    </>
  );
}
