/**
 * Hosts that answer but cannot be judged: one that fails every request the way real outages do
 * (an nginx 502 page, a JSON 500, a 503 with Retry-After, in turn by path), and one that answers
 * slowly enough for a deadline or an interrupt to cut the scan.
 */
import { type LabServer, sendJson, sendText, startLab } from "../kit.js";

export function startServerErrorHost(): Promise<LabServer> {
  return startLab((req, res) => {
    const kind = req.path.length % 3;
    if (kind === 0)
      sendText(
        res,
        502,
        "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
        "text/html",
      );
    else if (kind === 1) sendJson(res, 500, { error: "Internal Server Error", status: 500 });
    else sendText(res, 503, "upstream connect error or disconnect/reset before headers", "text/plain");
  });
}

/** Every answer takes `delayMs`: a real API behind a slow database. */
export function startSlowHost(delayMs: number): Promise<LabServer> {
  return startLab(async (req, res) => {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (req.path === "/" || req.path.startsWith("/api/items"))
      sendJson(res, 200, { items: [{ id: 1, name: "first" }] }, { "x-content-type-options": "nosniff" });
    else sendJson(res, 404, { message: "no such route" });
  });
}

/** A user directory that returns each user's (weak) password in the list: the mask must reveal nothing. */
export function startPasswordLeak(password: string): Promise<LabServer> {
  return startLab((req, res) => {
    if (req.path === "/api/users")
      sendJson(res, 200, [
        { id: 1, username: "alice", email: "alice@example.test", password },
        { id: 2, username: "bob", email: "bob@example.test", password: `${password}!` },
      ]);
    else sendJson(res, 404, { error: "not found" });
  });
}
