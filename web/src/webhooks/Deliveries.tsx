/**
 * An endpoint's delivery log, newest first (kept 30 days): each delivery's event, state, attempts, the receiver's
 * last answer, when it is tried next and when it was made, with Retry (sent again now, in its place in the order,
 * with the same `webhook-id`), and older pages behind a button. While a delivery is on its way, the log looks again
 * every few seconds.
 */
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { cursorPaging } from "../api/paging";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { ShowMore } from "../ui/ShowMore";
import { Empty, ErrorMessage, Loading } from "../ui/Status";
import { formatTime } from "../workspaces/names";
import type { WebhookApi, WebhookDelivery } from "./webhook-api";
import { deliveryStatusWords, responseWords } from "./webhook-words";

/** How often a log with a delivery still on its way looks again. */
const PENDING_POLL_MS = 2_000;

export function Deliveries({ api, webhookId }: { api: WebhookApi; webhookId: string }) {
  const queryKey = [...api.key, "deliveries", webhookId];
  const log = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => api.deliveries(webhookId, pageParam),
    ...cursorPaging,
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.deliveries.some((d) => d.status === "pending"))
        ? PENDING_POLL_MS
        : false,
  });
  return (
    <div className="webhook-deliveries" data-testid="webhook-deliveries">
      <div className="actions">
        <h4>Deliveries</h4>
        <button type="button" className="secondary" disabled={log.isFetching} onClick={() => log.refetch()}>
          Refresh
        </button>
      </div>
      {log.isPending ? (
        <Loading />
      ) : log.isError ? (
        <ErrorMessage error={log.error} />
      ) : log.data.pages[0]?.deliveries.length === 0 ? (
        <Empty>No deliveries in the last 30 days.</Empty>
      ) : (
        <>
          {/* Below 40rem the rows become cards (styles.css): each cell shows its data-label, the column's name. */}
          <table className="data stacks">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last answer</th>
                <th scope="col">Next attempt</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {log.data.pages.flatMap((page) =>
                page.deliveries.map((delivery) => (
                  <DeliveryRow key={delivery.id} api={api} webhookId={webhookId} delivery={delivery} />
                )),
              )}
            </tbody>
          </table>
          <ShowMore list={log} label="Show older deliveries" />
        </>
      )}
    </div>
  );
}

function DeliveryRow(props: { api: WebhookApi; webhookId: string; delivery: WebhookDelivery }) {
  const { api, webhookId, delivery } = props;
  const queryClient = useQueryClient();
  const retry = useSubmit({
    submit: () => api.retry(webhookId, delivery.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...api.key, "deliveries", webhookId] }),
  });
  return (
    <tr data-testid="webhook-delivery" data-status={delivery.status}>
      <td data-label="Event">
        <code>{delivery.event_type}</code>
      </td>
      <td data-label="Status" data-testid="delivery-status">
        {deliveryStatusWords(delivery)}
      </td>
      <td data-label="Attempts">{delivery.attempts}</td>
      <td data-label="Last answer" data-testid="delivery-response">
        {responseWords(delivery)}
      </td>
      <td data-label="Next attempt">
        {delivery.status === "pending" && delivery.next_attempt_at ? formatTime(delivery.next_attempt_at) : "–"}
      </td>
      <td data-label="Created">{formatTime(delivery.created_at)}</td>
      <td>
        <button
          type="button"
          className="secondary"
          disabled={retry.pending}
          aria-label={`Retry the ${delivery.event_type} delivery of ${formatTime(delivery.created_at)}`}
          onClick={() => retry.run()}
        >
          Retry
        </button>
        <FormError of={retry} />
      </td>
    </tr>
  );
}
