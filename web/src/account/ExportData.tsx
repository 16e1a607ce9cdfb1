/** "Download your data": GET /api/me/export, saved as the JSON file the server names. */
import { api, call } from "../api/client";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { attachmentName } from "./attachment-name";

async function downloadExport() {
  const answer = api.GET("/me/export", { parseAs: "blob" });
  const blob = await call(answer);
  const { response } = await answer;
  const url = URL.createObjectURL(blob as Blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = attachmentName(response.headers.get("content-disposition"));
  link.click();
  // The click starts the download synchronously; the URL is no longer needed after it.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function ExportData({ className = "secondary" }: { className?: string }) {
  const download = useSubmit({ submit: downloadExport });
  return (
    <>
      <button type="button" className={className} onClick={() => download.run()} disabled={download.pending}>
        {download.pending ? "Preparing your data…" : "Download your data"}
      </button>
      <FormError of={download} />
    </>
  );
}
