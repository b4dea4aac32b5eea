/**
 * Links from a finding's rule id to its section of docs/checks.md (`#<ruleId>`, the anchor the
 * generated page gives every check). The base is configurable (`--docs-url`, RAMPART_DOCS_URL,
 * `docs-url:` in .rampart.yaml) for teams that host the docs themselves.
 */
export const DEFAULT_DOCS_URL = "https://github.com/rampart-scanner/rampart/blob/main/docs/checks.md";

export interface RenderOptions {
  /** Base URL of the rule docs page; a rule's link is `<docsUrl>#<ruleId>`. */
  docsUrl?: string;
}

export function ruleDocsUrl(ruleId: string, options: RenderOptions = {}): string {
  const base = (options.docsUrl ?? DEFAULT_DOCS_URL).replace(/#.*$/, "");
  return `${base}#${encodeURIComponent(ruleId)}`;
}
