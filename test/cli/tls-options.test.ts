/** `--tls-ca` and a client certificate (`--tls-cert`/`--tls-key`) against HTTPS lab servers on 127.0.0.1. */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabServer, sendJson, startLab } from "../../lab/kit.js";
import { labCertificates, startTlsLab, type TlsLab } from "../../lab/servers/tls.js";
import { ScanReport } from "../../src/engine/finding.js";
import { rampart, tempDir } from "../report/cli.js";

describe("TLS options", () => {
  const dir = tempDir();
  const files = {
    ca: path.join(dir, "ca.pem"),
    cert: path.join(dir, "client.pem"),
    key: path.join(dir, "client-key.pem"),
  };
  let api: TlsLab;
  let mutual: LabServer;
  beforeAll(async () => {
    const certs = labCertificates();
    writeFileSync(files.ca, certs.caPem);
    // The lab's CA-signed leaf doubles as the client certificate the mutual-TLS server asks for.
    writeFileSync(files.cert, certs.certs.good);
    writeFileSync(files.key, certs.keyPem);
    api = await startTlsLab({ certificate: "good" });
    mutual = await startLab((_req, res) => sendJson(res, 200, { ok: true }), {
      key: certs.keyPem,
      cert: certs.certs.good,
      requestCert: true,
      rejectUnauthorized: true,
      ca: certs.caPem,
    });
  });
  afterAll(() => Promise.all([api.close(), mutual.close()]));

  it("--tls-ca makes the certificate check trust the given CA", async () => {
    const scanCertificate = (...extra: string[]) =>
      rampart("scan", api.apiUrl, "--only", "tls-certificate", "--format", "json", "--fail-on", "none", ...extra);
    const untrusted = await scanCertificate();
    expect(ScanReport.parse(JSON.parse(untrusted.stdout)).findings.map((f) => f.ruleId)).toContain("tls-certificate");
    const trusted = await scanCertificate("--tls-ca", files.ca);
    expect(trusted.code).toBe(0);
    expect(ScanReport.parse(JSON.parse(trusted.stdout)).findings).toEqual([]);
  });

  it("presents the client certificate to an API that requires mutual TLS", async () => {
    const without = await rampart("scan", mutual.url, "--only", "inventory", "--fail-on", "none");
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(
      /^rampart: could not scan: target unreachable: TLS connection closed by 127\.0\.0\.1:\d+ before any answer \(does it require a client certificate\? --tls-cert, --tls-key\)\n$/,
    );
    const seen = mutual.requests.length;
    const withCert = await rampart(
      "scan",
      mutual.url,
      "--only",
      "inventory",
      "--fail-on",
      "none",
      "--tls-cert",
      files.cert,
      "--tls-key",
      files.key,
      "--format",
      "json",
    );
    expect(withCert.code).toBe(0);
    expect(mutual.requests.length).toBeGreaterThan(seen);
    expect(readFileSync(files.key, "utf8")).toContain("PRIVATE KEY");
    expect(withCert.stdout).not.toContain("PRIVATE KEY");
  });
});
