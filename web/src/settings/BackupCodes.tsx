/** Backup codes, shown once: to copy, download or print, each working once in place of an authenticator code. */
import { useEffect, useRef } from "react";

export function BackupCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  // Shown in place of the form that made them: focus goes to their heading, so screen readers announce them.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const text = `Edge Identity backup codes (each works once)\n\n${codes.join("\n")}\n`;
  const download = () => {
    const link = document.createElement("a");
    link.href = `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`;
    link.download = "edge-identity-backup-codes.txt";
    link.click();
  };
  return (
    <section className="notice" aria-labelledby="backup-codes-heading">
      <h3 id="backup-codes-heading" ref={heading} tabIndex={-1}>
        Save your backup codes
      </h3>
      <p>
        If you lose your authenticator, each of these codes signs you in once. They are shown only now: keep them
        somewhere safe.
      </p>
      <ul className="codes" aria-label="Backup codes" data-testid="backup-codes">
        {codes.map((code) => (
          <li key={code} className="mono">
            {code}
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="secondary" onClick={download}>
          Download codes
        </button>
        <button type="button" className="secondary" onClick={() => navigator.clipboard?.writeText(text)}>
          Copy codes
        </button>
        <button type="button" onClick={onDone}>
          I have saved them
        </button>
      </div>
    </section>
  );
}
