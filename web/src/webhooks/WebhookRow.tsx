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

/** Every change one row can send; each reloads the list (and the logs) once the server took it. */
function useWebhookActions(api: WebhookApi, webhook: Webhook, onEdited: () => void) {
  const queryClient = useQueryClient();
  const reload = () => queryClient.invalidateQueries({ queryKey: api.key });
  return {
    toggle: useSubmit({ submit: (enabled: boolean) => api.update(webhook.id, { enabled }), onSuccess: reload }),
    edit: useSubmit({
      submit: (fields: WebhookFields) => api.update(webhook.id, fields),
      onSuccess: () => {
        onEdited();
        return reload();
      },
      fields: ["url", "events", "description"],
      codesOnFields: WEBHOOK_FORM_CODES,
    }),
    rotate: useSubmit({ submit: () => api.rotateSecret(webhook.id) }),
    ping: useSubmit({ submit: () => api.sendTest(webhook.id), onSuccess: reload }),
    remove: useSubmit({ submit: () => api.remove(webhook.id), onSuccess: reload }),
  };
}

export function WebhookRow({ api, webhook }: { api: WebhookApi; webhook: Webhook }) {
  const [editing, setEditing] = useState(false);
  const [showLog, setShowLog] = useState(false);
  const actions = useWebhookActions(api, webhook, () => setEditing(false));
  const { edit, rotate, ping } = actions;
  const state = endpointStateWords(webhook);
  return (
    <li data-testid="webhook" className="webhook">
      <div className="grow">
        <div>
          <strong>{webhook.url}</strong>{" "}
          <span className={`badge ${state.badge === "On" ? "on" : "off"}`} data-testid="webhook-state">
            {state.badge}
          </span>
        </div>
        {webhook.description && <div>{webhook.description}</div>}
        <div className="muted">
          {eventsWords(webhook.events)} · added {formatTime(webhook.created_at)}
        </div>
        {state.why && <p data-testid="webhook-off-reason">{state.why}</p>}
        <WebhookActions
          webhook={webhook}
          actions={actions}
          editing={editing}
          onEdit={() => setEditing(!editing)}
          showLog={showLog}
          onShowLog={() => setShowLog(!showLog)}
        />
        {ping.succeeded && (
          <p role="status" className="success">
            A test ping was queued: see its delivery below.
          </p>
        )}
        <FormError of={[actions.toggle, ping, rotate, actions.remove]} />
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

function WebhookActions(props: {
  webhook: Webhook;
  actions: ReturnType<typeof useWebhookActions>;
  editing: boolean;
  onEdit: () => void;
  showLog: boolean;
  onShowLog: () => void;
}) {
  const { webhook, actions } = props;
  const name = webhook.description || webhook.url;
  return (
    <div className="actions">
      <button
        type="button"
        className="secondary"
        disabled={actions.toggle.pending}
        onClick={() => actions.toggle.run(!webhook.enabled)}
      >
        {webhook.enabled ? "Turn off" : "Turn on"}
      </button>
      <button type="button" className="secondary" aria-expanded={props.editing} onClick={props.onEdit}>
        Edit
      </button>
      <button type="button" className="secondary" disabled={actions.ping.pending} onClick={() => actions.ping.run()}>
        Send a test
      </button>
      <ConfirmButton
        label="Rotate secret"
        className="secondary"
        title={`Rotate the signing secret of ${name}`}
        confirmLabel="Rotate secret"
        disabled={actions.rotate.pending}
        onConfirm={() => actions.rotate.run()}
      >
        <p>{ROTATION_WORDS}</p>
      </ConfirmButton>
      <button type="button" className="secondary" aria-expanded={props.showLog} onClick={props.onShowLog}>
        {props.showLog ? "Hide deliveries" : "Deliveries"}
      </button>
      <ConfirmButton
        label="Delete"
        aria-label={`Delete the endpoint ${webhook.url}`}
        title={`Delete the endpoint ${name}`}
        disabled={actions.remove.pending}
        onConfirm={() => actions.remove.run()}
      >
        <p>No more events go to this address, and its delivery log is deleted. Events still waiting are dropped.</p>
      </ConfirmButton>
    </div>
  );
}
