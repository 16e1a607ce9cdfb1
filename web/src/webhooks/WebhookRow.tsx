/**
 * One webhook endpoint: its address, events and state (and why it is off), and what an owner does with it: turn it
 * on or off, edit it, rotate its secret (the new one shown once; both sign for 24 hours), send a test ping, delete
 * it (confirmed in a dialog), and open its delivery log.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { ConfirmButton } from "../ui/ConfirmDialog";
import { formatTime } from "../workspaces/names";
import { Deliveries } from "./Deliveries";
import { SecretOnce } from "./SecretOnce";
import { WebhookForm } from "./WebhookForm";
import type { Webhook, WebhookApi, WebhookFields } from "./webhook-api";
import { endpointStateWords, eventsWords, formValuesOf, ROTATION_WORDS, WEBHOOK_FORM_CODES } from "./webhook-words";

export function WebhookRow({ api, webhook }: { api: WebhookApi; webhook: Webhook }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [showLog, setShowLog] = useState(false);
  const reload = () => queryClient.invalidateQueries({ queryKey: api.key });
  const toggle = useSubmit({
    submit: (enabled: boolean) => api.update(webhook.id, { enabled }),
    onSuccess: reload,
  });
  const edit = useSubmit({
    submit: (fields: WebhookFields) => api.update(webhook.id, fields),
    onSuccess: () => {
      setEditing(false);
      return reload();
    },
    fields: ["url", "events", "description"],
    codesOnFields: WEBHOOK_FORM_CODES,
  });
  const rotate = useSubmit({ submit: () => api.rotateSecret(webhook.id) });
  const ping = useSubmit({ submit: () => api.sendTest(webhook.id), onSuccess: reload });
  const remove = useSubmit({ submit: () => api.remove(webhook.id), onSuccess: reload });
  const state = endpointStateWords(webhook);
  const name = webhook.description || webhook.url;
  return (
    <li data-testid="webhook" className="webhook">
      <div className="grow">
        <div>
          <strong className="webhook-url">{webhook.url}</strong>{" "}
          <span className={`badge ${state.badge === "On" ? "on" : "off"}`} data-testid="webhook-state">
            {state.badge}
          </span>
        </div>
        {webhook.description && <div>{webhook.description}</div>}
        <div className="muted">
          {eventsWords(webhook.events)} · added {formatTime(webhook.created_at)}
        </div>
        {state.why && <p data-testid="webhook-off-reason">{state.why}</p>}
        <div className="actions">
          <button
            type="button"
            className="secondary"
            disabled={toggle.pending}
            onClick={() => toggle.run(!webhook.enabled)}
          >
            {webhook.enabled ? "Turn off" : "Turn on"}
          </button>
          <button type="button" className="secondary" aria-expanded={editing} onClick={() => setEditing(!editing)}>
            Edit
          </button>
          <button type="button" className="secondary" disabled={ping.pending} onClick={() => ping.run()}>
            Send a test
          </button>
          <ConfirmButton
            label="Rotate secret"
            className="secondary"
            title={`Rotate the signing secret of ${name}`}
            confirmLabel="Rotate secret"
            disabled={rotate.pending}
            onConfirm={() => rotate.run()}
          >
            <p>{ROTATION_WORDS}</p>
          </ConfirmButton>
          <button type="button" className="secondary" aria-expanded={showLog} onClick={() => setShowLog(!showLog)}>
            {showLog ? "Hide deliveries" : "Deliveries"}
          </button>
          <ConfirmButton
            label="Delete"
            aria-label={`Delete the endpoint ${webhook.url}`}
            title={`Delete the endpoint ${name}`}
            disabled={remove.pending}
            onConfirm={() => remove.run()}
          >
            <p>No more events go to this address, and its delivery log is deleted. Events still waiting are dropped.</p>
          </ConfirmButton>
        </div>
        {ping.succeeded && (
          <p role="status" className="success">
            A test ping was queued: see its delivery below.
          </p>
        )}
        <FormError of={[toggle, ping, rotate, remove]} />
        {rotate.data && (
          <SecretOnce
            title="New signing secret"
            secret={rotate.data.secret}
            note={`The old secret keeps signing beside it until ${formatTime(rotate.data.previous_secret_expires_at)}.`}
            onDone={() => rotate.reset()}
          />
        )}
        {editing && (
          <WebhookForm
            idPrefix={`edit-${webhook.id}`}
            eventTypes={api.eventTypes}
            initial={formValuesOf(webhook)}
            submitLabel="Save endpoint"
            submission={edit}
            onCancel={() => setEditing(false)}
          />
        )}
        {(showLog || ping.succeeded) && <Deliveries api={api} webhookId={webhook.id} />}
      </div>
    </li>
  );
}
