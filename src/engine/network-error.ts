/**
 * One short, human cause for a failed connection (`connection refused at 127.0.0.1:1`), so a
 * scan that reaches nothing can say why in one line instead of an errno buried in a report.
 */
const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|EPROTO$)/;

function codeOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code !== "UND_ERR_SOCKET" && code !== "UND_ERR_CONNECT") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return (err as { code?: string } | undefined)?.code;
}

export function describeNetworkError(err: unknown, target: URL): string {
  const port = target.port || (target.protocol === "https:" ? "443" : "80");
  const where = `${target.hostname}:${port}`;
  const code = codeOf(err);
  if (code === "ECONNREFUSED") return `connection refused at ${where}`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME")
    return `host not found: ${target.hostname}`;
  if (code === "ECONNRESET") return `connection reset by ${where}`;
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return `no route to ${where}`;
  if (code === "UND_ERR_CONNECT_TIMEOUT" || code === "ETIMEDOUT") return `connection to ${where} timed out`;
  if (code && TLS_CODES.test(code)) return `TLS handshake failed with ${where} (${code})`;
  // A server that wants a client certificate often just hangs up after the handshake.
  if (code === "UND_ERR_SOCKET")
    return target.protocol === "https:"
      ? `TLS connection closed by ${where} before any answer (does it require a client certificate? --tls-cert, --tls-key)`
      : `connection closed by ${where} before any answer`;
  const message = err instanceof Error ? err.message : String(err);
  if (/ssl|tls|certificate|handshake/i.test(message)) return `TLS handshake failed with ${where}`;
  return `could not reach ${where}: ${code ?? message}`;
}
