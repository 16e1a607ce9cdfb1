/** "Download your data": GET /api/me/export, saved as the JSON file the server names. */
import { useMutation } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { ErrorMessage } from "../ui/Status";
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
  const download = useMutation({ mutationFn: downloadExport });
  return (
    <>
      <button type="button" className={className} onClick={() => download.mutate()} disabled={download.isPending}>
        {download.isPending ? "Preparing your data…" : "Download your data"}
      </button>
      <ErrorMessage error={download.error} />
    </>
  );
}
