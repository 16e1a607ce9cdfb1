/**
 * The avatar: choose an image, see it before saving, save or remove it. The preview is a data: URL (the page's
 * Content-Security-Policy allows images from the origin and data: only); the server checks the bytes again.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, call } from "../api/client";
import { Field } from "../forms/Field";
import { FormError } from "../forms/FormError";
import { LIMITS } from "../forms/field-words";
import type { FormFields } from "../forms/submit-errors";
import { useSubmit } from "../forms/useSubmit";
import { meKeys } from "../me/queries";

const AVATAR_TYPES = ["image/png", "image/jpeg", "image/webp"];
const NOT_AN_IMAGE = "This file is not a PNG, JPEG or WebP image. Choose another file.";
const TOO_LARGE = `This image is larger than ${LIMITS.avatarBytes / 1024 / 1024} MB. Choose a smaller one.`;

/**
 * The server's real reason for refusing an upload, beside the file field: it checks the bytes, so a file named .png
 * that is not one, or an image with too many pixels (field-words.ts), is refused there, not here.
 */
const UPLOAD_REFUSALS: FormFields = {
  fields: ["avatar"],
  codesOnFields: {
    unsupported_media_type: { path: "avatar", message: NOT_AN_IMAGE },
    payload_too_large: { path: "avatar", message: TOO_LARGE },
  },
};

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** The image the person picked, checked here first (kind and size) so a mistake is said before anything is sent. */
function useChosenImage() {
  const [chosen, setChosen] = useState<{ file: File; preview: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const choose = async (file: File | undefined) => {
    setProblem(null);
    setChosen(null);
    if (!file) return;
    if (!AVATAR_TYPES.includes(file.type)) return setProblem(NOT_AN_IMAGE);
    if (file.size > LIMITS.avatarBytes) return setProblem(TOO_LARGE);
    setChosen({ file, preview: await readAsDataUrl(file) });
  };
  return { chosen, problem, choose, clear: () => setChosen(null) };
}

type AvatarOwner = { avatar_url: string | null; first_name: string; last_name: string };

export function AvatarForm({ me }: { me: AvatarOwner }) {
  const { chosen, problem, choose, clear } = useChosenImage();
  const queryClient = useQueryClient();
  const refreshMe = () => queryClient.invalidateQueries({ queryKey: meKeys.all });
  const upload = useSubmit({
    submit: (file: File) =>
      call(
        api.PUT("/me/avatar", {
          // The image itself is the body; the server recognises its kind from the bytes.
          body: file as unknown as string,
          bodySerializer: (body) => body,
          headers: { "content-type": file.type },
        }),
      ),
    onSuccess: () => {
      clear();
      return refreshMe();
    },
    ...UPLOAD_REFUSALS,
  });
  const remove = useSubmit({ submit: () => call(api.DELETE("/me/avatar")), onSuccess: refreshMe });

  return (
    <section className="card" aria-labelledby="avatar-heading">
      <h2 id="avatar-heading">Avatar</h2>
      <div className="avatar-row">
        <AvatarImage me={me} preview={chosen?.preview} />
        <Field
          id="avatar-file"
          label="Choose an image (PNG, JPEG or WebP, at most 1 MB)"
          error={problem ?? upload.fieldError("avatar")}
        >
          {(control) => (
            <input
              {...control}
              type="file"
              accept={AVATAR_TYPES.join(",")}
              onChange={(event) => {
                upload.reset();
                choose(event.target.files?.[0]);
              }}
            />
          )}
        </Field>
      </div>
      <div className="actions">
        {chosen && (
          <button type="button" onClick={() => upload.run(chosen.file)} disabled={upload.pending}>
            Save avatar
          </button>
        )}
        {!chosen && me.avatar_url && (
          <button type="button" className="danger" onClick={() => remove.run()} disabled={remove.pending}>
            Remove avatar
          </button>
        )}
      </div>
      <FormError of={[upload, remove]} />
    </section>
  );
}

/** The new image before it is saved, else the saved one, else the person's initials. */
function AvatarImage({ me, preview }: { me: AvatarOwner; preview?: string }) {
  const shown = preview ?? me.avatar_url;
  if (shown) return <img className="avatar" src={shown} alt={preview ? "Preview of your new avatar" : "Your avatar"} />;
  return (
    <span className="avatar avatar-initials" aria-hidden="true">
      {(me.first_name[0] ?? "") + (me.last_name[0] ?? "") || "?"}
    </span>
  );
}
