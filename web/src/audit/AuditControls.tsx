/**
 * What both audit pages put above their events: filters by person (who did it) and by action, applied by the
 * server (`?actor=`, `?action=`), and downloads of the events shown, as JSON and as CSV, built in the browser.
 */
import { Field } from "../forms/Field";
import { auditCsv, download } from "./export";
import type { AuditFilters } from "./filters";
import { actorsOf, type ReadableEvent } from "./words";

interface Props<E extends ReadableEvent & { at: string }> {
  idPrefix: string;
  filters: AuditFilters;
  onChange: (filters: AuditFilters) => void;
  /** Events whose actors the person filter offers (the unfiltered log as loaded). */
  everyone: readonly E[];
  /** The events shown, which the downloads hold. */
  shown: readonly E[];
  actionLabels: Record<string, string>;
  sentence: (event: E) => string;
  filename: string;
}

export function AuditControls<E extends ReadableEvent & { at: string }>(props: Props<E>) {
  const { idPrefix, filters, onChange, actionLabels } = props;
  const people = actorsOf(props.everyone);
  if (filters.actor && !people.some((person) => person.id === filters.actor)) {
    people.push({ id: filters.actor, label: "The chosen person" });
  }
  const asJson = () =>
    download(
      `${props.filename}.json`,
      "application/json",
      JSON.stringify(
        props.shown.map((event) => ({ ...event, sentence: props.sentence(event) })),
        null,
        2,
      ),
    );
  const asCsv = () => download(`${props.filename}.csv`, "text/csv", auditCsv(props.shown, props.sentence));
  return (
    <div className="form-row audit-controls">
      <Field id={`${idPrefix}-actor`} label="Done by">
        {(control) => (
          <select {...control} value={filters.actor} onChange={(e) => onChange({ ...filters, actor: e.target.value })}>
            <option value="">Anyone</option>
            {people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${idPrefix}-action`} label="Action">
        {(control) => (
          <select
            {...control}
            value={filters.action}
            onChange={(e) => onChange({ ...filters, action: e.target.value })}
          >
            <option value="">Any action</option>
            {Object.entries(actionLabels).map(([action, label]) => (
              <option key={action} value={action}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="button" className="secondary" onClick={asJson} disabled={props.shown.length === 0}>
        Download JSON
      </button>
      <button type="button" className="secondary" onClick={asCsv} disabled={props.shown.length === 0}>
        Download CSV
      </button>
    </div>
  );
}
