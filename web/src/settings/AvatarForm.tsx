/**
 * The avatar: choose an image, see it before saving, save or remove it. The preview is a data: URL (the page's
 * Content-Security-Policy allows images from the origin and data: only); the server checks the bytes again.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api, call } from "../api/client";
import { ME_KEY } from "../me/useMe";
import { ErrorMessage } from "../ui/Status";

const AVATAR_MAX_BYTES = 1024 * 1024;
const AVATAR_TYPES = ["image/png", "image/jpeg", "image/webp"];

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

export function AvatarForm({ me }: { me: { avatar_url: string | null; first_name: string; last_name: string } }) {
  const inputId = useId();
  const [chosen, setChosen] = useState<{ file: File; preview: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const refreshMe = () => queryClient.invalidateQueries({ queryKey: ME_KEY });

  const upload = useMutation({
    mutationFn: (file: File) =>
      call(
        api.PUT("/me/avatar", {
          // The image itself is the body; the server recognises its kind from the bytes.
          body: file as unknown as string,
          bodySerializer: (body) => body,
          headers: { "content-type": file.type },
        }),
      ),
    onSuccess: () => {
      setChosen(null);
      return refreshMe();
    },
  });
  const remove = useMutation({ mutationFn: () => call(api.DELETE("/me/avatar")), onSuccess: refreshMe });

  const choose = async (file: File | undefined) => {
    upload.reset();
    setProblem(null);
    setChosen(null);
    if (!file) return;
    if (!AVATAR_TYPES.includes(file.type)) return setProblem("Choose a PNG, JPEG or WebP image.");
    if (file.size > AVATAR_MAX_BYTES) return setProblem("That image is larger than 1 MB. Choose a smaller one.");
    setChosen({ file, preview: await readAsDataUrl(file) });
  };

  const shown = chosen?.preview ?? me.avatar_url;
  return (
    <section className="card" aria-labelledby="avatar-heading">
      <h2 id="avatar-heading">Avatar</h2>
      <div className="avatar-row">
        {shown ? (
          <img className="avatar" src={shown} alt={chosen ? "Preview of your new avatar" : "Your avatar"} />
        ) : (
          <span className="avatar avatar-initials" aria-hidden="true">
            {(me.first_name[0] ?? "") + (me.last_name[0] ?? "") || "?"}
          </span>
        )}
        <div className="field">
          <label htmlFor={inputId}>Choose an image (PNG, JPEG or WebP, at most 1 MB)</label>
          <input
            id={inputId}
            type="file"
            accept={AVATAR_TYPES.join(",")}
            onChange={(event) => choose(event.target.files?.[0])}
          />
        </div>
      </div>
      <div className="actions">
        {chosen && (
          <button type="button" onClick={() => upload.mutate(chosen.file)} disabled={upload.isPending}>
            Save avatar
          </button>
        )}
        {!chosen && me.avatar_url && (
          <button type="button" className="danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
            Remove avatar
          </button>
        )}
      </div>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <ErrorMessage error={upload.error ?? remove.error} />
    </section>
  );
}
