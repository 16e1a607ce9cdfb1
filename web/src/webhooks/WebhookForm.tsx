/**
 * The add and edit form of a webhook endpoint: its address, a description, and which events it gets (every event,
 * or those ticked, grouped by what they are about). Out-of-bounds values are said beside their field and nothing
 * is sent (webhook-words.ts); the server's refusals appear the same way (useSubmit).
 */
import { useState } from "react";
import { Field } from "../forms/Field";
import { FormError } from "../forms/FormError";
import type { Submission } from "../forms/useSubmit";
import type { WebhookFields } from "./webhook-api";
import { checkWebhookForm, groupEventTypes, WEBHOOK_LIMITS, type WebhookFormValues } from "./webhook-words";

const EMPTY: WebhookFormValues = { url: "", description: "", scope: "all", chosen: [] };

/** The form's values, and a submit that sends them only once they pass the checks (else words beside the fields). */
function useWebhookForm(
  initial: WebhookFormValues,
  eventTypes: readonly string[],
  submission: Submission<unknown, WebhookFields>,
) {
  const [values, setValues] = useState<WebhookFormValues>(initial);
  const [errors, setErrors] = useState<Partial<Record<"url" | "description" | "events", string>>>({});
  const set = (change: Partial<WebhookFormValues>) => setValues((current) => ({ ...current, ...change }));
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const check = checkWebhookForm(values, eventTypes);
    setErrors(check.ok ? {} : check.errors);
    if (check.ok) submission.run(check.body);
  };
  return { values, set, errors, submit };
}

export function WebhookForm(props: {
  /** Ids of the form's fields start with it, so two forms on one page never share one. */
  idPrefix: string;
  eventTypes: readonly string[];
  initial?: WebhookFormValues;
  submitLabel: string;
  submission: Submission<unknown, WebhookFields>;
  onCancel?: () => void;
}) {
  const { idPrefix, submission } = props;
  const { values, set, errors, submit } = useWebhookForm(props.initial ?? EMPTY, props.eventTypes, submission);
  return (
    <form className="card" onSubmit={submit} noValidate aria-label={props.submitLabel}>
      <Field
        id={`${idPrefix}-url`}
        label="Endpoint URL"
        hint="Where each event is sent as a signed POST, e.g. https://app.example.com/hooks/identity."
        error={errors.url ?? submission.fieldError("url")}
      >
        {(control) => (
          <input {...control} type="url" value={values.url} onChange={(event) => set({ url: event.target.value })} />
        )}
      </Field>
      <Field
        id={`${idPrefix}-description`}
        label="Description (optional)"
        error={errors.description ?? submission.fieldError("description")}
        count={{ value: values.description, max: WEBHOOK_LIMITS.description }}
      >
        {(control) => (
          <input
            {...control}
            value={values.description}
            onChange={(event) => set({ description: event.target.value })}
          />
        )}
      </Field>
      <EventChoice
        idPrefix={idPrefix}
        eventTypes={props.eventTypes}
        values={values}
        onChange={set}
        error={errors.events ?? submission.fieldError("events")}
      />
      <div className="actions">
        <button type="submit" disabled={submission.pending}>
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" className="secondary" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
      <FormError of={submission} />
    </form>
  );
}

function EventChoice(props: {
  idPrefix: string;
  eventTypes: readonly string[];
  values: WebhookFormValues;
  onChange: (change: Partial<WebhookFormValues>) => void;
  error: string | undefined;
}) {
  const { idPrefix, values, onChange } = props;
  const toggle = (type: string, on: boolean) =>
    onChange({ chosen: on ? [...values.chosen, type] : values.chosen.filter((chosen) => chosen !== type) });
  return (
    <fieldset className="plain">
      <legend>Events</legend>
      <Field id={`${idPrefix}-all`} label="Every event, including kinds added later" checkbox>
        {(control) => (
          <input
            {...control}
            type="radio"
            name={`${idPrefix}-scope`}
            checked={values.scope === "all"}
            onChange={() => onChange({ scope: "all" })}
          />
        )}
      </Field>
      <Field id={`${idPrefix}-chosen`} label="Only the events I choose" checkbox>
        {(control) => (
          <input
            {...control}
            type="radio"
            name={`${idPrefix}-scope`}
            checked={values.scope === "chosen"}
            onChange={() => onChange({ scope: "chosen" })}
          />
        )}
      </Field>
      {values.scope === "chosen" &&
        groupEventTypes(props.eventTypes).map(({ group, types }) => (
          <EventGroup
            key={group}
            idPrefix={idPrefix}
            group={group}
            types={types}
            chosen={values.chosen}
            onToggle={toggle}
          />
        ))}
      {props.error && (
        <p className="error" role="alert">
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

/** The event types about one thing (`member.*`), each a checkbox. */
function EventGroup(props: {
  idPrefix: string;
  group: string;
  types: string[];
  chosen: readonly string[];
  onToggle: (type: string, on: boolean) => void;
}) {
  return (
    <fieldset className="plain event-group">
      <legend>{props.group}</legend>
      {props.types.map((type) => (
        <Field key={type} id={`${props.idPrefix}-event-${type}`} label={<code>{type}</code>} checkbox>
          {(control) => (
            <input
              {...control}
              type="checkbox"
              checked={props.chosen.includes(type)}
              onChange={(event) => props.onToggle(type, event.target.checked)}
            />
          )}
        </Field>
      ))}
    </fieldset>
  );
}
