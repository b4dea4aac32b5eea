import type { Report } from "../types";

const LABELS: Record<string, string> = {
  authentication: "Authentication",
  bola: "Object-level authorization",
  bfla: "Function-level authorization",
  "property-authorization": "Property-level authorization",
  "input-validation": "Input validation",
  "resource-consumption": "Resource consumption",
  "data-exposure": "Data exposure",
  encryption: "Encryption",
  ssrf: "SSRF",
  inventory: "Inventory",
  "unsafe-consumption": "Unsafe consumption",
  llm: "LLM",
};

export function categoryLabel(category: string): string {
  return LABELS[category] ?? category;
}

function band(score: number): string {
  return score >= 90 ? "good" : score >= 70 ? "fair" : "poor";
}

/** One bar per category; a category the scan could not test says so instead of showing 0. */
export function CategoryBars({ categories }: { categories: Report["categories"] }) {
  const entries = Object.entries(categories);
  return (
    <ul className="bars" aria-label="Score per category">
      {entries.map(([name, { score, tested }]) => {
        const value = tested && score !== null ? Math.round(score) : null;
        return (
          <li key={name}>
            <span className="bar-label">{categoryLabel(name)}</span>
            <span className="bar-track" aria-hidden="true">
              {value !== null && <span className={`bar-fill ${band(value)}`} style={{ width: `${value}%` }} />}
            </span>
            <span className="bar-value">{value !== null ? `${value}/100` : "not tested"}</span>
          </li>
        );
      })}
    </ul>
  );
}
