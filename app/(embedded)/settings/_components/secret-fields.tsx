"use client";

import { useRef, useState, type ChangeEvent, type ReactNode } from "react";
import { Badge } from "@/app/_components/badge";
import { Button } from "@/app/_components/button";
import { FieldFrame } from "@/app/_components/field";
import { useT } from "@/app/_components/lang-provider";
import { fieldId } from "./form-section";
import { pemIssue, type PemIssue, type PemKind } from "./providers";
import styles from "./secret-fields.module.css";

type SecretSetProps = {
  /** API path, e.g. `credentials.password`: the «Заменить» button carries its field id so errors can focus it. */
  path: string;
  label: string;
  badge: string;
  readOnly: boolean;
  error?: string;
  onReplace: () => void;
};

/** A stored secret: the server never sends it back, so only «задан» and a way to replace it. */
export function SecretSet({ path, label, badge, readOnly, error, onReplace }: SecretSetProps) {
  const tr = useT();
  const id = fieldId(path);
  return (
    // Not a <label for=button>: a label would replace the button's own name («Заменить») for screen readers.
    <div className="field">
      <span className="field__label" id={`${id}-label`}>
        {label}
      </span>
      <div className="password-set" role="group" aria-labelledby={`${id}-label`}>
        <Badge tone="success">{badge}</Badge>
        {!readOnly && (
          <Button id={id} size="sm" aria-describedby={error ? `${id}-error` : undefined} onClick={onReplace}>
            {tr("form.secret.replace")}
          </Button>
        )}
      </div>
      {error && (
        <span id={`${id}-error`} className="field__error">
          {error}
        </span>
      )}
    </div>
  );
}

type PemFieldProps = {
  path: string;
  kind: PemKind;
  label: string;
  hint: ReactNode;
  value: string;
  error?: string;
  autoFocus?: boolean;
  /** Shown under the hint when editing a stored value: «Оставить прежний». */
  onKeep?: () => void;
  onChange: (value: string) => void;
  /** A picked file that is not usable PEM is reported at once, without waiting for «Сохранить». */
  onFileChecked: (issue: PemIssue | null) => void;
};

/** Generous: PEM files are a few KB; the text itself is checked against the server's limit. */
const MAX_FILE_BYTES = 64 * 1024;

const placeholders: Record<PemKind, string> = {
  clientCert: "-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----",
  clientKey: "-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----",
  signingKey: "-----BEGIN RSA PRIVATE KEY-----\n…\n-----END RSA PRIVATE KEY-----",
};

/** PEM text: pasted, or read from a file picked with the button (a text file; .pfx and other binary formats are refused). */
export function PemField({ path, kind, label, hint, value, error, autoFocus, onKeep, onChange, onFileChecked }: PemFieldProps) {
  const tr = useT();
  const fileRef = useRef<HTMLInputElement>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [readFailed, setReadFailed] = useState(false);
  const id = fieldId(path);

  function pick(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    // Cleared so that picking the same file again (after fixing it) fires a change too.
    event.target.value = "";
    if (!file) return;
    setReadFailed(false);
    setFileName(file.name);
    if (file.size > MAX_FILE_BYTES) {
      onFileChecked("pem.tooBig");
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      const text = typeof reader.result === "string" ? reader.result.trim() : "";
      // A .pfx/.p12 or DER file read as text is noise: keep it out of the text area.
      const binary = /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text);
      onChange(binary ? "" : text);
      onFileChecked(binary ? "pem.binary" : pemIssue(kind, text));
    };
    reader.onerror = () => setReadFailed(true);
    reader.readAsText(file);
  }

  return (
    <FieldFrame
      label={label}
      id={id}
      required
      className="span-2"
      error={error ?? (readFailed ? tr("form.pem.unreadable") : undefined)}
      hint={
        onKeep ? (
          <>
            {hint}{" "}
            <Button variant="ghost" size="sm" onClick={onKeep}>
              {tr("form.secret.keep")}
            </Button>
          </>
        ) : (
          hint
        )
      }
    >
      {(a11y) => (
        <>
          <textarea
            className={`input ${styles.pem}`}
            {...a11y}
            value={value}
            rows={4}
            placeholder={placeholders[kind]}
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="off"
            autoFocus={autoFocus}
            onChange={(event) => {
              setFileName(null);
              setReadFailed(false);
              onChange(event.target.value);
            }}
          />
          <div className={styles.pemTools}>
            <Button size="sm" aria-label={`${tr("form.pem.pick")}: ${label}`} onClick={() => fileRef.current?.click()}>
              {tr("form.pem.pick")}
            </Button>
            {/* Out of the tab order: the button above opens it. */}
            <input
              ref={fileRef}
              type="file"
              accept=".pem,.crt,.cer,.key,.txt,text/plain,application/x-pem-file"
              className="visually-hidden"
              tabIndex={-1}
              aria-hidden="true"
              onChange={pick}
            />
            <span className={styles.fileName} aria-live="polite">
              {fileName ? tr("form.pem.loaded", { name: fileName }) : tr("form.pem.orPaste")}
            </span>
          </div>
        </>
      )}
    </FieldFrame>
  );
}
