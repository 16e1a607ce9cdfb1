/**
 * One labelled field: its label, an optional hint, the control (input, select, textarea or checkbox, drawn by the
 * caller) and the server's words about it. Hint and error are tied to the control with `aria-describedby`, and
 * `aria-invalid` is set while there is an error, so a screen reader reads them with the field.
 */
import { type ReactNode, useId } from "react";
import { type CharacterCount, characterCount } from "./character-count";

/** What the control must spread onto itself to be wired to its label, hint and error. */
export interface FieldControl {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

export function Field(props: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** A checkbox sits inside its label, before the words. */
  checkbox?: boolean;
  id?: string;
  /** A text with a limit: a counter ("97/100") appears as the value nears it. */
  count?: { value: string; max: number };
  children: (control: FieldControl) => ReactNode;
}) {
  const generated = useId();
  const id = props.id ?? generated;
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const count = props.count && characterCount(props.count.value, props.count.max);
  const countId = count?.shown ? `${id}-count` : undefined;
  const control: FieldControl = {
    id,
    "aria-invalid": props.error || count?.over ? true : undefined,
    "aria-describedby": [hintId, countId, errorId].filter(Boolean).join(" ") || undefined,
  };
  const hint = props.hint && (
    <span id={hintId} className="hint">
      {props.hint}
    </span>
  );
  const counter = count?.shown && <Counter id={countId} count={count} />;
  const error = props.error && (
    <span id={errorId} className="error" role="alert">
      {props.error}
    </span>
  );
  if (props.checkbox)
    return (
      <>
        <label className="check" htmlFor={id}>
          {props.children(control)}
          {props.label}
        </label>
        {hint}
        {error}
      </>
    );
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {hint}
      {props.children(control)}
      {counter}
      {error}
    </div>
  );
}

/** "97/100", and for a screen reader how many characters are used or too many. */
function Counter({ id, count }: { id: string | undefined; count: CharacterCount }) {
  return (
    <span id={id} className={count.over ? "counter over" : "counter"} data-testid="character-count">
      {count.text}
      <span className="visually-hidden">
        {count.over ? ` characters: ${count.used - count.max} too many` : " characters used"}
      </span>
    </span>
  );
}
