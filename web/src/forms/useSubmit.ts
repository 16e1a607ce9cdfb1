/**
 * The one way a form, or a button that changes something, sends its change: pending while it runs, the server's
 * refusal split into words beside its fields and words for the whole form (submit-errors.ts), and a callback once
 * it is done. Field and FormError show what it holds.
 */
import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { type FormFields, splitSubmitError } from "./submit-errors";

export interface SubmitOptions<TData, TVariables> extends FormFields {
  submit: (variables: TVariables) => Promise<TData>;
  /** Once the server took the change; a returned promise keeps the submission pending until it settles. */
  onSuccess?: (data: TData, variables: TVariables) => unknown;
  /** After success or refusal alike (to reload what may have changed either way). */
  onSettled?: () => unknown;
}

export interface Submission<TData = unknown, TVariables = void> {
  /** Sends the change (for buttons, and forms whose submit carries a value). */
  run: (variables: TVariables) => void;
  /** The form's submit handler: no page load, then `run()`. */
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  pending: boolean;
  succeeded: boolean;
  data: TData | undefined;
  /** The refusal as thrown, for the forms that show one in a way of their own. */
  error: unknown;
  /** The words to show beside a field, by the `errors[].path` it stands for. */
  fieldError: (path: string) => string | undefined;
  /** The words for the whole form: what no field shows. */
  formError: string | null;
  reset: () => void;
}

export function useSubmit<TData, TVariables = void>(
  options: SubmitOptions<TData, TVariables>,
): Submission<TData, TVariables> {
  const mutation = useMutation({
    mutationFn: options.submit,
    onSuccess: (data, variables) => options.onSuccess?.(data, variables),
    onSettled: () => options.onSettled?.(),
  });
  const errors = splitSubmitError(mutation.error, options);
  return {
    run: (variables) => mutation.mutate(variables),
    onSubmit: (event) => {
      event.preventDefault();
      mutation.mutate(undefined as TVariables);
    },
    pending: mutation.isPending,
    succeeded: mutation.isSuccess,
    data: mutation.data,
    error: mutation.error,
    fieldError: (path) => errors.fields[path],
    formError: errors.form,
    reset: mutation.reset,
  };
}
