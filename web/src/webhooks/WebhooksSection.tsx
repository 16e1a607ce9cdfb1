/**
 * The Webhooks section (issue 21, decision 0035): add an endpoint (its secret shown once), and the endpoints with
 * their state, each with its actions and delivery log (WebhookRow.tsx). Every request goes through `api`
 * (webhook-api.ts): a workspace passes `workspaceWebhookApi(id)`, the platform admin an adapter of its own paths.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useSubmit } from "../forms/useSubmit";
import { Empty, ErrorMessage, Loading } from "../ui/Status";
import { SecretOnce } from "./SecretOnce";
import { WebhookForm } from "./WebhookForm";
import { WebhookRow } from "./WebhookRow";
import { type WebhookApi, type WebhookFields, type WebhookWithSecret, webhookListQuery } from "./webhook-api";
import { WEBHOOK_FORM_CODES } from "./webhook-words";

export function WebhooksSection(props: { api: WebhookApi; intro: ReactNode }) {
  const { api } = props;
  const list = useQuery(webhookListQuery(api));
  const [created, setCreated] = useState<WebhookWithSecret | null>(null);
  // A new form after each success: its fields start empty again.
  const [formKey, setFormKey] = useState(0);
  const queryClient = useQueryClient();
  const create = useSubmit({
    submit: (fields: WebhookFields) => api.create(fields),
    onSuccess: (webhook) => {
      setCreated(webhook);
      setFormKey((key) => key + 1);
      return queryClient.invalidateQueries({ queryKey: api.key });
    },
    fields: ["url", "events", "description"],
    codesOnFields: WEBHOOK_FORM_CODES,
  });
  return (
    <section aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Webhooks</h2>
      {props.intro}
      <h3>Add an endpoint</h3>
      <WebhookForm
        key={formKey}
        idPrefix="new-webhook"
        eventTypes={api.eventTypes}
        submitLabel="Add endpoint"
        submission={create}
      />
      {created && (
        <SecretOnce title={`Endpoint added: ${created.url}`} secret={created.secret} onDone={() => setCreated(null)} />
      )}
      <h3>Endpoints</h3>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : list.data.webhooks.length === 0 ? (
        <Empty>No endpoints yet.</Empty>
      ) : (
        <ul className="list" aria-label="Endpoints">
          {list.data.webhooks.map((webhook) => (
            <WebhookRow key={webhook.id} api={api} webhook={webhook} />
          ))}
        </ul>
      )}
    </section>
  );
}
