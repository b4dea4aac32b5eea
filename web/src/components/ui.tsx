import { type InputHTMLAttributes, type ReactNode, useState } from "react";
import { type Grade, type ScanStatus, type Severity, TIERS, type Tier } from "../types";

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`badge sev-${severity}`}>{severity}</span>;
}

export function GradeBadge({ grade, large = false }: { grade?: Grade | null; large?: boolean }) {
  if (!grade) return <span className="muted">—</span>;
  return (
    <span className={`grade grade-${grade}${large ? " grade-large" : ""}`} role="img" aria-label={`Grade ${grade}`}>
      {grade}
    </span>
  );
}

export function StatusBadge({ status }: { status: ScanStatus }) {
  return <span className={`status status-${status}`}>{status}</span>;
}

export function ErrorMessage({ error }: { error?: Error }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error.message}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" aria-live="polite">
      Loading {what}…
    </p>
  );
}

/** Dates as UTC `YYYY-MM-DD HH:MM`, the same for every viewer. */
export function formatTime(iso?: string | null): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function Time({ iso }: { iso?: string | null }) {
  return iso ? <time dateTime={iso}>{formatTime(iso)}</time> : <span className="muted">—</span>;
}

/** Copies `text`; the result is announced to screen readers. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
  };
  return (
    <span className="copy">
      <button type="button" onClick={copy} aria-label={label}>
        Copy
      </button>
      <span aria-live="polite" className="muted">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed: select the text instead" : ""}
      </span>
    </span>
  );
}

export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <section aria-labelledby={id ? `${id}-title` : undefined} className="card">
      <h2 id={id ? `${id}-title` : undefined}>{title}</h2>
      {children}
    </section>
  );
}

export function TierSelect({ id, value, onChange }: { id: string; value: Tier; onChange: (tier: Tier) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>LLM tier</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as Tier)}>
        {TIERS.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A labelled text input with an optional hint (linked by aria-describedby). */
export function TextField({
  id,
  label,
  value,
  onChange,
  hint,
  ...input
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
} & Pick<InputHTMLAttributes<HTMLInputElement>, "type" | "required" | "placeholder" | "list">) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
        {...input}
      />
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}
