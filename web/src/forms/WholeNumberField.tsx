/** A field for a whole number within bounds (days, a count), its bounds said as its hint. */
import { Field } from "./Field";

const THOUSANDS = new Intl.NumberFormat("en-US");

export function WholeNumberField(props: {
  id: string;
  label: string;
  limit: { min: number; max: number };
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const { min, max } = props.limit;
  return (
    <Field
      id={props.id}
      label={props.label}
      hint={`${THOUSANDS.format(min)} to ${THOUSANDS.format(max)}`}
      error={props.error}
    >
      {(control) => (
        <input
          {...control}
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </Field>
  );
}
