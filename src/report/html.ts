/**
 * One self-contained HTML file: inline style and script, no external resource, and a Content
 * Security Policy that forbids the page from fetching anything even if a value slipped through.
 * Every string from the report is escaped; the script reads no data, it only shows and hides
 * the findings rendered here (filter by severity and category).
 */
import { createHash } from "node:crypto";
import { CATEGORIES, type Finding, type ScanReport, SEVERITIES, type Severity } from "../engine/finding.js";
import { incompleteNotice } from "./completeness.js";
import { type RenderOptions, ruleDocsUrl } from "./docs-links.js";
import { baselineOf, suppressionsOf } from "./extensions.js";
import { ruleLabel } from "./rule-label.js";
import { countBySeverity } from "./rules.js";

/** C0 controls (but tab and newlines) have no place in HTML text: they render as boxes. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function escapeHtml(s: string): string {
  return s
    .replace(CONTROL, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const STYLE = `
:root{--critical:#8b0000;--high:#c0392b;--medium:#b7791f;--low:#2b6cb0;--info:#666;font-family:system-ui,sans-serif;color:#1a1a1a}
body{margin:0 auto;max-width:1100px;padding:24px}
header{display:flex;gap:24px;align-items:center;border-bottom:1px solid #ddd;padding-bottom:16px}
.grade{font-size:56px;font-weight:700;width:88px;height:88px;border-radius:12px;display:flex;align-items:center;justify-content:center;color:#fff;background:#444}
.grade-A{background:#2f855a}.grade-B{background:#68a63a}.grade-C{background:#b7791f}.grade-D{background:#c05621}.grade-F{background:#c0392b}
h1{margin:0 0 4px;font-size:22px}.muted{color:#666}.notice{background:#fff7e6;border-left:4px solid #b7791f;padding:8px 12px;margin:12px 0}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;vertical-align:top}
.sev{display:inline-block;min-width:64px;text-align:center;border-radius:4px;color:#fff;font-size:12px;padding:2px 6px;text-transform:uppercase}
.sev-critical{background:var(--critical)}.sev-high{background:var(--high)}.sev-medium{background:var(--medium)}.sev-low{background:var(--low)}.sev-info{background:var(--info)}
.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:16px 0;padding:8px;background:#f6f6f6;border-radius:6px}
.finding{border:1px solid #ddd;border-radius:6px;margin:8px 0;padding:0 12px}.finding summary{cursor:pointer;padding:10px 0;display:flex;gap:12px;align-items:center}
pre{background:#f4f4f4;padding:8px;overflow:auto;white-space:pre-wrap;word-break:break-all;font-size:12px}
.new{background:#2f855a;color:#fff;border-radius:4px;font-size:11px;padding:1px 5px;text-transform:uppercase}
code{font-size:12px}dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px}dt{font-weight:600}dd{margin:0}
`;

const SCRIPT = `
(function(){
  var boxes=Array.prototype.slice.call(document.querySelectorAll('input[name="severity"]'));
  var category=document.getElementById('category');
  function apply(){
    var wanted={};boxes.forEach(function(b){if(b.checked)wanted[b.value]=true;});
    var shown=0;
    document.querySelectorAll('.finding').forEach(function(el){
      var visible=wanted[el.getAttribute('data-severity')]===true&&(category.value===''||el.getAttribute('data-category')===category.value);
      el.hidden=!visible;if(visible)shown++;
    });
    document.getElementById('shown').textContent=String(shown);
  }
  boxes.forEach(function(b){b.addEventListener('change',apply);});
  category.addEventListener('change',apply);
  apply();
})();
`;

function cspHash(source: string): string {
  return `'sha256-${createHash("sha256").update(source).digest("base64")}'`;
}

/** Nothing may load: not images, fonts, frames, connections, forms nor other scripts and styles. */
const CSP = `default-src 'none'; style-src ${cspHash(STYLE)}; script-src ${cspHash(SCRIPT)}; img-src 'none'; form-action 'none'; base-uri 'none'`;

function definitionList(entries: [string, string | undefined][]): string {
  const rows = entries
    .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== "")
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`);
  return `<dl>${rows.join("")}</dl>`;
}

function headersText(headers: Record<string, string> | undefined): string | undefined {
  if (!headers || Object.keys(headers).length === 0) return undefined;
  return `<pre>${escapeHtml(
    Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join("\n"),
  )}</pre>`;
}

function findingHtml(f: Finding, isNew: boolean, options: RenderOptions): string {
  const e = f.evidence;
  const body = definitionList([
    ["Message", escapeHtml(f.message)],
    ["Operation", `<code>${escapeHtml(`${f.operation.method} ${f.operation.path}`)}</code>`],
    ["Seen on", instancesHtml(f)],
    ["Request", `<code>${escapeHtml(e.request)}</code>${e.status !== undefined ? ` → ${e.status}` : ""}`],
    ["Request headers", headersText(e.requestHeaders)],
    ["Response headers", headersText(e.responseHeaders)],
    ["Observed", e.detail ? escapeHtml(e.detail) : undefined],
    ["Excerpt", e.excerpt ? `<pre>${escapeHtml(e.excerpt)}</pre>` : undefined],
    ["Reproduce", `<pre class="curl">${escapeHtml(f.reproduce)}</pre>`],
    ["Remediation", escapeHtml(f.remediation)],
    ["Confidence", escapeHtml(f.confidence)],
    ["Taxonomy", escapeHtml([...f.owasp, ...f.cwe].join(", "))],
    [
      "Rule",
      `<a href="${escapeHtml(ruleDocsUrl(f.ruleId, options))}" rel="noreferrer"><code>${escapeHtml(ruleLabel(f))}</code></a>`,
    ],
    ["Fingerprint", `<code>${escapeHtml(f.fingerprint)}</code>`],
  ]);
  return `<details class="finding" data-severity="${escapeHtml(f.severity)}" data-category="${escapeHtml(f.category)}"><summary><span class="sev sev-${escapeHtml(f.severity)}">${escapeHtml(f.severity)}</span>${isNew ? '<span class="new">new</span>' : ""}<strong>${escapeHtml(f.title)}</strong><code>${escapeHtml(`${f.operation.method} ${f.operation.path}`)}</code></summary>${body}</details>`;
}

function filters(report: ScanReport): string {
  const counts = countBySeverity(report.findings);
  const boxes = SEVERITIES.map(
    (s: Severity) =>
      `<label><input type="checkbox" name="severity" value="${s}" checked> <span class="sev sev-${s}">${s}</span> ${counts[s]}</label>`,
  ).join("");
  const present = CATEGORIES.filter((c) => report.findings.some((f) => f.category === c));
  const options = present.map((c) => `<option value="${c}">${c}</option>`).join("");
  return `<div class="filters">${boxes}<label>Category <select id="category"><option value="">all</option>${options}</select></label><span><span id="shown">${report.findings.length}</span> of ${report.findings.length} shown</span></div>`;
}

function categoryTable(report: ScanReport): string {
  const rows = CATEGORIES.map((c) => {
    const s = report.categories[c];
    const n = report.findings.filter((f) => f.category === c).length;
    return `<tr><td>${c}</td><td>${s?.tested ? s.score : '<span class="muted">not tested</span>'}</td><td>${n}</td></tr>`;
  }).join("");
  return `<table><thead><tr><th>Category</th><th>Score</th><th>Findings</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function suppressedTable(report: ScanReport): string {
  const suppressed = suppressionsOf(report);
  if (suppressed.length === 0) return "";
  const rows = suppressed
    .map(
      (s) =>
        `<tr><td><span class="sev sev-${escapeHtml(s.finding.severity)}">${escapeHtml(s.finding.severity)}</span></td><td>${escapeHtml(s.finding.title)}</td><td><code>${escapeHtml(`${s.finding.operation.method} ${s.finding.operation.path}`)}</code></td><td>${escapeHtml(s.reason)}</td><td>${escapeHtml(s.expires)}</td><td><code>${escapeHtml(s.finding.fingerprint)}</code></td></tr>`,
    )
    .join("");
  return `<h3>Suppressed</h3><table><thead><tr><th>Severity</th><th>Finding</th><th>Operation</th><th>Reason</th><th>Until</th><th>Fingerprint</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function coverageTable(report: ScanReport): string {
  const rows = report.coverage
    .map(
      (c) =>
        `<tr><td><code>${escapeHtml(c.check)}</code></td><td>${escapeHtml(c.verdict)}</td><td>${c.requests}</td><td>${escapeHtml(c.reason ?? "")}</td></tr>`,
    )
    .join("");
  return `<table><thead><tr><th>Check</th><th>Verdict</th><th>Requests</th><th>Reason</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function renderHtml(report: ScanReport, options: RenderOptions = {}): string {
  const notices = [
    report.gradeCap
      ? `Grade capped at ${escapeHtml(report.gradeCap.grade)}: ${escapeHtml(report.gradeCap.reason)}.`
      : "",
    escapeHtml(incompleteNotice(report) ?? ""),
  ]
    .filter(Boolean)
    .map((n) => `<p class="notice">${n}</p>`)
    .join("");
  const baseline = baselineOf(report);
  const newSinceBaseline = new Set(baseline?.new ?? []);
  const findings =
    report.findings.length > 0
      ? report.findings.map((f) => findingHtml(f, newSinceBaseline.has(f.fingerprint), options)).join("\n")
      : "<p>No findings.</p>";
  const baselineNote = baseline
    ? `<p class="muted">Against the baseline <code>${escapeHtml(baseline.file)}</code>: ${baseline.new.length} new, ${baseline.unchanged.length} unchanged, ${baseline.fixed.length} fixed.</p>`
    : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rampart report: ${escapeHtml(report.target)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><div class="grade grade-${escapeHtml(report.grade)}">${escapeHtml(report.grade)}</div><div><h1>Rampart report</h1><div><code>${escapeHtml(report.target)}</code></div><div class="muted">Score ${report.score}/100 · ${report.findings.length} findings · ${report.coverage.length} checks · ${report.stats.requests} requests in ${(report.stats.durationMs / 1000).toFixed(1)} s · started ${escapeHtml(report.startedAt)} · seed ${report.seed} · rampart ${escapeHtml(report.tool.version)}</div></div></header>
${notices}
<h2>Categories</h2>
${categoryTable(report)}
<h2>Findings</h2>
${baselineNote}
${filters(report)}
${findings}
${suppressedTable(report)}
<h2>Coverage</h2>
${coverageTable(report)}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** The operations one cause was seen on (capped list plus the full count), or nothing for a single one. */
function instancesHtml(f: Finding): string | undefined {
  const count = f.instanceCount ?? f.instances?.length ?? 0;
  if (!f.instances || count < 2) return undefined;
  const items = f.instances
    .map(
      (i) =>
        `<li><code>${escapeHtml(`${i.method} ${i.path}`)}</code>${i.evidence ? ` ${escapeHtml(i.evidence)}` : ""}</li>`,
    )
    .join("");
  const more = count - f.instances.length;
  return `${count} operations<ul>${items}${more > 0 ? `<li>…and ${more} more</li>` : ""}</ul>`;
}
