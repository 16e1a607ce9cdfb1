/**
 * The one confirmation of a destructive action: a modal native <dialog> (showModal: the page behind is inert) whose
 * title names the action and its object ("Remove Eddie from Acme"), a confirm button in the same words, and Cancel.
 * Focus starts on Cancel (the harmless choice), Tab cycles inside, Escape closes without acting, and focus goes back
 * to whatever opened it.
 */
import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import { FOCUSABLE, nextFocusIndex } from "./focus-trap";

export interface ConfirmDialogProps {
  /** The action and its object: "Remove Eddie from Acme". */
  title: string;
  /** The confirm button's words; the title's when not given. */
  confirmLabel?: string;
  /** What follows from confirming, in plain words. */
  children?: ReactNode;
  onConfirm: () => void;
  /** Called once the dialog closes, confirmed or not (the caller unmounts it). */
  onClose: () => void;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const detailsId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    // No close() here: removing an open dialog takes it out of the top layer anyway, and a close() would queue a
    // close event that StrictMode's second mount would then hear as the person closing it.
    return () => opener?.focus();
  }, []);

  return (
    <dialog
      ref={dialogRef}
      className="confirm-dialog"
      aria-labelledby={titleId}
      aria-describedby={props.children ? detailsId : undefined}
      // Escape (the browser's cancel) closes the dialog natively; either way the caller hears of it here.
      onClose={() => dialogRef.current?.open || props.onClose()}
      onKeyDown={trapTab}
    >
      <h2 id={titleId}>{props.title}</h2>
      {props.children && <div id={detailsId}>{props.children}</div>}
      <div className="actions">
        <button ref={cancelRef} type="button" className="secondary" onClick={() => dialogRef.current?.close()}>
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            props.onConfirm();
            dialogRef.current?.close();
          }}
        >
          {props.confirmLabel ?? props.title}
        </button>
      </div>
    </dialog>
  );
}

/** Keeps Tab and Shift+Tab among the dialog's own controls. */
function trapTab(event: KeyboardEvent<HTMLDialogElement>) {
  if (event.key !== "Tab") return;
  const focusable = Array.from(event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE));
  const next = nextFocusIndex(
    focusable.length,
    focusable.indexOf(document.activeElement as HTMLElement),
    event.shiftKey,
  );
  if (next === null) return;
  event.preventDefault();
  focusable[next]?.focus();
}

/** A button that asks first: it opens the dialog, and only the dialog's confirm button acts. */
export function ConfirmButton(
  props: Omit<ConfirmDialogProps, "onClose"> & {
    /** The button's own words ("Remove"); its accessible name may say more. */
    label: ReactNode;
    "aria-label"?: string;
    disabled?: boolean;
    className?: string;
  },
) {
  const [open, setOpen] = useState(false);
  const { label, disabled, className, "aria-label": ariaLabel, ...dialog } = props;
  return (
    <>
      <button
        type="button"
        className={className ?? "danger"}
        aria-label={ariaLabel}
        aria-haspopup="dialog"
        disabled={disabled}
        onClick={() => setOpen(true)}
      >
        {label}
      </button>
      {open && <ConfirmDialog {...dialog} onClose={() => setOpen(false)} />}
    </>
  );
}
