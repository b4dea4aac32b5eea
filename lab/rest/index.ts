/** The lab's REST API in two flavours: deliberately vulnerable, and its hardened twin. */
import { type LabModule, type LabServer, router, startLab } from "../kit.js";
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
