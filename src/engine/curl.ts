/** A shell-safe curl command that replays an exchange, with credentials replaced by placeholders. */

const DEFAULT_HEADERS = new Set(["user-agent", "accept-encoding", "accept"]);

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface CurlInput {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export function toCurl(req: CurlInput, credentialHeaders: ReadonlySet<string>, maxBody = 4096): string {
  const parts = ["curl", "-sS", "-i"];
  if (req.method === "HEAD") parts.push("-I");
  else if (req.method !== "GET") parts.push("-X", req.method);
  parts.push(quote(req.url));
  for (const [name, value] of Object.entries(req.headers).sort(([a], [b]) => a.localeCompare(b))) {
    if (DEFAULT_HEADERS.has(name) && !(name === "accept" && value !== "*/*")) continue;
    const shown = credentialHeaders.has(name) ? `<${name.toUpperCase()}>` : value;
    parts.push("-H", quote(`${name}: ${shown}`));
  }
  if (req.body !== undefined) {
    parts.push(
      "--data-binary",
      req.body.length > maxBody ? quote(`<${req.body.length}-byte body omitted>`) : quote(req.body),
    );
  }
  return parts.join(" ");
}
