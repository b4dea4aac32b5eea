/**
 * CAs the transport checks trust beyond the runtime's store: the runner sets it from `--tls-ca`, so
 * the certificate check trusts what the scan's own connections trust. (Apart from transport.ts, which
 * every command loads, so `rampart --help` loads no schema library.)
 */
import { z } from "zod";
import { LayerOption } from "./seams.js";

export const trustedCaOption = new LayerOption("tls", z.object({ ca: z.array(z.string()).default([]) }));
