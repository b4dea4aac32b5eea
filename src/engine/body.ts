import { Transform, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";

class CapReached extends Error {}

export interface CappedBody {
  body: Buffer;
  /** Bytes received on the wire (before decompression). */
  wireBytes: number;
  truncated: boolean;
}

function decoderFor(encoding: string | undefined): Transform | undefined {
  switch ((encoding ?? "").trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return zlib.createGunzip();
    case "deflate":
      return zlib.createInflate();
    case "br":
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

/**
 * Reads a response body up to `cap` bytes both on the wire and after decompression, so an
 * endless stream or a gzip bomb is cut instead of exhausting memory. A body that fails to
 * decompress keeps what was decoded so far.
 */
export async function readCappedBody(
  source: NodeJS.ReadableStream | AsyncIterable<Buffer>,
  contentEncoding: string | undefined,
  cap: number,
  signal?: AbortSignal,
): Promise<CappedBody> {
  const chunks: Buffer[] = [];
  let kept = 0;
  let wireBytes = 0;
  let truncated = false;
  const decoder = decoderFor(contentEncoding);
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      wireBytes += chunk.length;
      // Uncompressed bodies are cut exactly by the sink; compressed ones also stop at `cap` wire bytes.
      if (decoder && wireBytes > cap) {
        truncated = true;
        cb(new CapReached());
        return;
      }
      cb(null, chunk);
    },
  });
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      const room = cap - kept;
      if (chunk.length > room) {
        if (room > 0) chunks.push(chunk.subarray(0, room));
        kept = cap;
        truncated = true;
        cb(new CapReached());
        return;
      }
      chunks.push(chunk);
      kept += chunk.length;
      cb();
    },
  });
  const stages = decoder ? [source, counter, decoder, sink] : [source, counter, sink];
  try {
    // biome-ignore lint/suspicious/noExplicitAny: pipeline's variadic typing does not accept a computed list
    await (pipeline as any)(...stages, signal ? { signal } : {});
  } catch (err) {
    if (!(err instanceof CapReached)) {
      if (signal?.aborted) throw err;
      // Corrupt compressed data: keep what decoded; the caller sees a short body.
      if (!(err instanceof Error && "code" in err && String(err.code).startsWith("Z_"))) throw err;
    }
  }
  return { body: Buffer.concat(chunks), wireBytes, truncated };
}
