/** Hosts that answer 200 to every path: a JSON API fallback and an SPA index fallback. */
import { type LabServer, sendJson, sendText, startLab } from "../kit.js";

export function startCatchAll(flavour: "json" | "spa"): Promise<LabServer> {
  return startLab((req, res) => {
    if (flavour === "json") {
      sendJson(res, 200, { status: "ok", path: req.path, requestId: Math.floor(Math.random() * 1e9) });
      return;
    }
    sendText(
      res,
      200,
      `<!doctype html><html><head><title>App</title><script src="/assets/app.js"></script></head><body><div id="root"></div><!-- build ${Date.now()} --></body></html>`,
      "text/html; charset=utf-8",
    );
  });
}
