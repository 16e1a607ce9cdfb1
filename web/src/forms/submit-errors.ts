/**
 * Which words of a refused submission go beside which field, and which are said once for the whole form. A
 * validation problem names its fields in `errors[].path` (docs/api.md, Errors); a form may also say that a refusal
 * code is about one of its fields (a wrong code, an address already taken). Words that no shown field takes stay
 * with the form, so nothing the server said is lost and nothing is said twice.
 */
import { ApiError, type ProblemCode, problemMessage } from "../api/problems";
import { fieldOfPath, fieldWords } from "./field-words";

/** A refusal code that is about one field: where it is shown, and in which words (else the app's for that code). */
export interface CodeOnField {
  path: string;
  message?: string;
}

/** What a form shows of its fields: the `errors[].path` each of its fields stands for, and codes about one of them. */
export interface FormFields {
  fields?: readonly string[];
  codesOnFields?: Partial<Record<ProblemCode, CodeOnField>>;
}

export interface SubmitErrors {
  fields: Readonly<Record<string, string>>;
  form: string | null;
}

const NONE: SubmitErrors = { fields: {}, form: null };

export function splitSubmitError(error: unknown, form: FormFields): SubmitErrors {
  if (!error) return NONE;
  if (!(error instanceof ApiError) || !error.code) return { fields: {}, form: problemMessage(error) };
  const shown = new Set(form.fields ?? []);
  const onField = form.codesOnFields?.[error.code];
  if (onField) {
    const message = onField.message ?? error.message;
    return shown.has(onField.path)
      ? { fields: { [onField.path]: message }, form: null }
      : { fields: {}, form: message };
  }
  if (error.code !== "validation_failed") return { fields: {}, form: problemMessage(error) };
  return splitValidation(error.problem?.errors ?? [], shown, error.message);
}

function splitValidation(errors: { path: string; message: string }[], shown: Set<string>, general: string) {
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const { path, message } of errors) {
    // Plain words, never the server's developer text; two refusals of one field in the same words are said once.
    const words = fieldWords(path, message);
    const field = fieldOfPath(path);
    if (!shown.has(field)) rest.push(words);
    else if (!fields[field]) fields[field] = words;
    else if (!fields[field].includes(words)) fields[field] = `${fields[field]} ${words}`;
  }
  const onFields = Object.keys(fields).length > 0;
  if (rest.length > 0) return { fields, form: [...new Set(rest)].join(" ") };
  return { fields, form: onFields ? null : general };
}
