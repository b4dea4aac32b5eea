/**
 * Hosts that try to hurt a scanner: one that never answers, one that streams forever, a
 * gzip bomb, a redirect loop and a redirect to another origin. A scan of any of them must
 * end by its deadline, stay under its memory cap and never leave the origin.
 */
import zlib from "node:zlib";
import { type LabServer, startLab } from "../kit.js";

export type HostileKind = "hang" | "endless" | "gzip-bomb" | "redirect-loop" | "off-origin-redirect";

let bomb: Buffer | undefined;
/**
 * About 1 GiB of zeros in about 1 MiB of gzip: one 64 MiB member repeated (gzip allows
 * concatenated members), so building it never holds the gigabyte in memory.
 */
function gzipBomb(): Buffer {
  if (!bomb) {
    const member = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    bomb = Buffer.concat(Array.from({ length: 16 }, () => member));
  }
  return bomb;
}

/** `redirectTo` is where the off-origin redirect points (another origin; default 127.0.0.2:9, where nothing listens). */
export function startHostile(kind: HostileKind, redirectTo = "http://127.0.0.2:9"): Promise<LabServer> {
  return startLab((req, res) => {
    switch (kind) {
      case "hang":
        // Never answer; the socket stays open until the server closes.
        return;
      case "endless": {
        res.writeHead(200, { "content-type": "application/json" });
        const chunk = Buffer.alloc(64 * 1024, "a");
        const pump = () => {
          while (res.write(chunk)) {
            /* keep writing until the socket pushes back */
          }
        };
        res.on("drain", pump);
        res.on("error", () => undefined);
        pump();
        return;
      }
      case "gzip-bomb":
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
        res.end(gzipBomb());
        return;
      case "redirect-loop":
        res.writeHead(302, { location: req.path === "/a" ? "/b" : "/a" });
        res.end();
        return;
      case "off-origin-redirect":
        res.writeHead(302, { location: `${redirectTo}${req.path}` });
        res.end();
        return;
    }
  });
}
