/**
 * A single-page web app served from 127.0.0.1: an HTML shell, hashed JS bundles, a lazy chunk
 * and source maps. The leaky flavour ships LLM keys in the bundle and in the source map (the
 * mistake "never put API keys in client-side code" warns about); the clean one ships the usual
 * look-alikes (UUIDs, hashes, base64 images, placeholder keys) and no secret.
 */
import { createHash } from "node:crypto";
import { ALPHABETS, draw, ruleById } from "../../src/detect/secrets/index.js";
import { createRng } from "../../src/engine/rng.js";
import { type LabServer, sendJson, sendText, startLab } from "../kit.js";

export interface StaticSite extends LabServer {
  /** Keys planted in the leaky bundle and source map (empty for the clean flavour). */
  planted: string[];
}

const JS = "application/javascript; charset=utf-8";

/** Look-alikes every real bundle is full of; none of them is a secret. */
function lookAlikes(rand: () => number): string {
  const uuid = `${draw(rand, ALPHABETS.hex, 8)}-${draw(rand, ALPHABETS.hex, 4)}-4${draw(rand, ALPHABETS.hex, 3)}-a${draw(rand, ALPHABETS.hex, 3)}-${draw(rand, ALPHABETS.hex, 12)}`;
  const digest = createHash("sha256").update("lab").digest("hex");
  const png = Buffer.from(Array.from({ length: 96 }, () => Math.floor(rand() * 256))).toString("base64");
  return [
    `var t="${uuid}",n="${digest}",r="data:image/png;base64,${png}";`,
    'var o={apiKey:"YOUR_API_KEY",placeholder:"sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"};',
    'function l(e){return e.toFixed(2)+" USD"}var p=[19.99,1700000000000,"ORD-2024-000123"];',
  ].join("");
}

export async function startStaticSite(opts: { leaky: boolean }): Promise<StaticSite> {
  const rand = createRng(99, "lab-static-site").next;
  const together = ruleById("together-api-key")!.sample(rand);
  const openai = ruleById("openai-project-key")!.sample(rand);
  const anthropic = ruleById("anthropic-api-key")!.sample(rand);
  const planted = opts.leaky ? [together, openai, anthropic] : [];

  const html = `<!doctype html><html><head><title>Lab Chat</title>
<script type="module" crossorigin src="/assets/index-4f2a9c.js"></script>
<script src="https://cdn.third-party.invalid/analytics.js"></script>
<link rel="modulepreload" href="/assets/vendor-81bd0e.js">
<script>window.__APP__={apiBase:"/api",build:"2026.01.1"}</script>
</head><body><div id="root"></div></body></html>`;
  const main = [
    'import{c as h}from"./vendor-81bd0e.js";',
    lookAlikes(rand),
    opts.leaky
      ? `const a="${together}";async function s(e){return fetch("https://api.together.xyz/v1/chat/completions",{method:"POST",headers:{Authorization:"Bearer "+a},body:JSON.stringify(e)})}`
      : 'async function s(e){return fetch("/api/chat",{method:"POST",body:JSON.stringify(e)})}',
    'const u=()=>import("./chat-2c7d1e.js");h(s,u);',
    "//# sourceMappingURL=index-4f2a9c.js.map",
  ].join("\n");
  const map = JSON.stringify({
    version: 3,
    file: "index-4f2a9c.js",
    sources: ["../src/llm.ts"],
    sourcesContent: [
      opts.leaky
        ? `// TODO move to the server\nexport const OPENAI_API_KEY = "${openai}";\n`
        : 'export const OPENAI_API_KEY = import.meta.env.VITE_PLACEHOLDER ?? "";\n',
    ],
    mappings: "AAAA",
  });
  const vendor = `export function c(e,t){return [e,t]}${lookAlikes(rand)}`;
  // A "hidden" source map: deployed beside the bundle but not referenced from it.
  const hiddenMap = JSON.stringify({
    version: 3,
    file: "vendor-81bd0e.js",
    sources: ["../src/ai/client.ts"],
    sourcesContent: [`const anthropic = new Anthropic({ apiKey: "${anthropic}" });\n`],
    mappings: "AAAA",
  });
  const chunk = 'export default function(){return "chat"}';

  const files: Record<string, [string, string]> = {
    "/": [html, "text/html; charset=utf-8"],
    "/index.html": [html, "text/html; charset=utf-8"],
    "/assets/index-4f2a9c.js": [main, JS],
    "/assets/index-4f2a9c.js.map": [map, "application/json"],
    "/assets/vendor-81bd0e.js": [vendor, JS],
    ...(opts.leaky ? { "/assets/vendor-81bd0e.js.map": [hiddenMap, "application/json"] as [string, string] } : {}),
    "/assets/chat-2c7d1e.js": [chunk, JS],
  };
  const server = await startLab((req, res) => {
    const file = files[req.path];
    if (file) sendText(res, 200, file[0], file[1]);
    else sendJson(res, 404, { error: "not found" });
  });
  return { ...server, planted };
}
