/**
 * Lands a person who stops being signed in on the page that says why (sign-out-reasons.ts): their own sign-out,
 * a session ended elsewhere or expired (any transition to signed-out nobody announced), or a deactivated account,
 * which the API says in a refused answer's `reason` and is read here from every answer the typed client receives.
 */
import { useEffect, useRef } from "react";
import { useLocation, useNavigate } from "react-router";
import { api } from "../api/client";
import { useAuthStatus } from "../auth/useAuth";
import {
  landsOnSignedOutPage,
  reasonOfRefusal,
  SIGNED_OUT_PATH,
  type SignOutReason,
  signedOutPath,
} from "./sign-out-reasons";

/** "elsewhere": a page of its own says what happened (deleting the account lands on /account-deleted). */
let announced: SignOutReason | "elsewhere" | null = null;

/**
 * Before a sign-out the person asked for, so the page says they signed out rather than that the session ended; or
 * before an action that ends the session and lands on a page of its own ("elsewhere"), since another request may
 * see the session end before that action's answer arrives. `null` withdraws it (the action was refused).
 */
export function announceSignOut(reason: SignOutReason | "elsewhere" | null) {
  announced = reason;
}

const refusalListeners = new Set<(reason: SignOutReason) => void>();
let watching = false;

/** Reads the `reason` of every 401 the API answers (a copy of the body; the caller still gets the answer whole). */
function watchRefusals() {
  if (watching) return;
  watching = true;
  api.use({
    async onResponse({ response }) {
      if (response.status !== 401) return undefined;
      const reason = reasonOfRefusal(
        401,
        await response
          .clone()
          .json()
          .catch(() => null),
      );
      if (reason) for (const listener of refusalListeners) listener(reason);
      return undefined;
    },
  });
}

export function useSignedOutLanding() {
  const status = useAuthStatus();
  const navigate = useNavigate();
  const location = useLocation();
  const previous = useRef(status);
  const where = useRef(location.pathname);
  where.current = location.pathname;
  const whereFully = useRef("");
  whereFully.current = location.pathname + location.search;

  useEffect(() => {
    const was = previous.current;
    previous.current = status;
    if (was !== "signed-in" || status !== "signed-out") return;
    const reason = announced ?? "session-ended";
    announced = null;
    if (reason !== "elsewhere" && landsOnSignedOutPage(where.current))
      navigate(signedOutPath(reason, whereFully.current));
  }, [status, navigate]);

  useEffect(() => {
    watchRefusals();
    // Deactivation is known only from the refused answer, which arrives after the session was already forgotten.
    const onRefusal = (reason: SignOutReason) => {
      const onLanding = where.current === SIGNED_OUT_PATH;
      if (reason === "deactivated" && (onLanding || landsOnSignedOutPage(where.current)))
        navigate(signedOutPath(reason), { replace: onLanding });
    };
    refusalListeners.add(onRefusal);
    return () => {
      refusalListeners.delete(onRefusal);
    };
  }, [navigate]);
}
