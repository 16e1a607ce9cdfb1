/**
 * Copy to the clipboard, for a secret shown once: the button's action, and the status line that says whether it
 * worked (a browser may refuse the clipboard; then the person is told to copy by hand).
 */
import { useState } from "react";

export function useCopy(text: string) {
  const [copied, setCopied] = useState<"copied" | "failed" | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setCopied("copied"),
      () => setCopied("failed"),
    );
  const status = (
    <p role="status" className={copied === "failed" ? "error" : "success"}>
      {copied === "copied" && "Copied."}
      {copied === "failed" && "The browser did not allow copying: select the secret and copy it by hand."}
    </p>
  );
  return { copy, status };
}
