/**
 * The sign-in history (decision 0032): every attempt on an account for 90 days, newest first, a page at a time. Each
 * row says when, how, what came of it, from which browser and place, and whether that browser was known; a refused
 * attempt stands out, since that is the one to look at. The person's own on the Security page, and any account's on
 * the admin's page of it (`GET /api/admin/users/:id/activity`, the same shape).
 */
import { type InfiniteData, useInfiniteQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { components } from "../api/schema";
import { activityQuery } from "../me/queries";
import { ShowMore } from "../ui/ShowMore";
import { Empty, ErrorMessage, Loading } from "../ui/Status";
import { formatTime } from "../workspaces/names";
import { deviceWords, placeWords, signedIn, signInMethodWords, signInResultWords } from "./security-words";

type SignInEvent = components["schemas"]["SignInEvent"];

/** What the list needs of a TanStack infinite query over the history's pages. */
export interface HistoryPages {
  data: InfiniteData<components["schemas"]["SignInActivity"]> | undefined;
  isPending: boolean;
  isError: boolean;
  error: unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  fetchNextPage: () => unknown;
}

/** The person's own history, on the Security page. */
export function SignInHistory() {
  const history = useInfiniteQuery(activityQuery());
  return (
    <SignInHistoryCard history={history}>
      Every sign-in to your account in the last 90 days, refused ones too. If one was not you, sign out that device
      above and change your password.
    </SignInHistoryCard>
  );
}

export function SignInHistoryCard({ history, children }: { history: HistoryPages; children: ReactNode }) {
  const events = history.data?.pages.flatMap((page) => page.events) ?? [];
  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">Sign-in history</h2>
      <p className="muted">{children}</p>
      {history.isPending ? (
        <Loading />
      ) : history.isError && events.length === 0 ? (
        <ErrorMessage error={history.error} />
      ) : events.length === 0 ? (
        <Empty>No sign-ins recorded yet.</Empty>
      ) : (
        <ul className="list" aria-label="Sign-in history">
          {events.map((event) => (
            <SignInRow key={eventKey(event)} event={event} />
          ))}
        </ul>
      )}
      <ShowMore list={history} label="Load more" />
      {history.isFetchNextPageError && <ErrorMessage error={history.error} />}
    </section>
  );
}

/**
 * Events carry no id; what they record together tells them apart. Two attempts alike to the millisecond would share
 * a key, which costs nothing here: the rows hold no state.
 */
const eventKey = (event: SignInEvent) => [event.at, event.method, event.result, event.ip, event.user_agent].join(" ");

function SignInRow({ event }: { event: SignInEvent }) {
  return (
    <li data-testid="sign-in-event">
      <div className="grow">
        <strong>{signInMethodWords(event.method)}</strong>{" "}
        <span className={signedIn(event) ? "badge on" : "badge off"}>{signInResultWords(event.result)}</span>
        <div className="muted">
          <time dateTime={event.at}>{formatTime(event.at)}</time> · {deviceWords(event)} · {placeWords(event)}
        </div>
      </div>
    </li>
  );
}
