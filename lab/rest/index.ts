/** The lab's REST API in two flavours: deliberately vulnerable, and its hardened twin. */
import { type LabModule, type LabServer, router, startLab } from "../kit.js";
import { startCatchAll } from "../servers/catch-all.js";
import { authModule } from "./auth.js";
import { coreModule } from "./core.js";
import { dataModule } from "./data.js";
import { graphqlModule } from "./graphql.js";
import { openapiModule } from "./openapi.js";

/** Each area owns one module file; add new areas here. */
export function restModules(hardened: boolean): LabModule[] {
  return [
    coreModule(hardened),
    authModule(hardened),
    openapiModule(hardened),
    dataModule(hardened),
    graphqlModule(hardened),
  ];
}

export interface RestApi extends LabServer {
  /** The URL a user would give Rampart. */
  apiUrl: string;
}

export async function startRestApi(opts: { hardened: boolean }): Promise<RestApi> {
  const server = await startLab(router(restModules(opts.hardened)));
  return { ...server, apiUrl: `${server.origin}/api/v1/users` };
}

/** The three hosts every authorization check test scans: vulnerable, hardened twin, catch-all. */
export interface LabTrio {
  vulnerable: RestApi;
  hardened: RestApi;
  catchAll: LabServer;
  close(): Promise<void>;
}

/** The vulnerable REST API, its hardened twin and a catch-all host (JSON unless told "spa"). */
export async function startLabTrio(catchAllFlavour: "json" | "spa" = "json"): Promise<LabTrio> {
  const [vulnerable, hardened, catchAll] = await Promise.all([
    startRestApi({ hardened: false }),
    startRestApi({ hardened: true }),
    startCatchAll(catchAllFlavour),
  ]);
  return {
    vulnerable,
    hardened,
    catchAll,
    close: async () => {
      await Promise.all([vulnerable.close(), hardened.close(), catchAll.close()]);
    },
  };
}
