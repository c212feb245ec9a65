import { createHttpVisitApi, type VisitApi } from '@attune/core';

/** How an element reaches the visit API: a client the host hands in, or a server address and a token function. */
export interface VisitApiSettings {
  api: VisitApi | undefined;
  serverUrl: string | undefined;
  getHostToken: (() => string | Promise<string>) | undefined;
}

/**
 * The visit API of an element with `server-url` and `getHostToken` (`<attune-session>`, `<attune-queue>`):
 * the host's own client when it gave one, else an HTTP client of the server, made once for each server
 * and token function, so a page needs no script of its own beyond the token.
 */
export class ServerVisitApi {
  private made: { serverUrl: string; getHostToken: () => string | Promise<string>; api: VisitApi } | undefined;

  /** Undefined until the settings are complete (lit may see the attribute before the host sets the token function). */
  of({ api, serverUrl, getHostToken }: VisitApiSettings): VisitApi | undefined {
    if (api) return api;
    if (!serverUrl || !getHostToken) return undefined;
    if (this.made?.serverUrl !== serverUrl || this.made.getHostToken !== getHostToken) {
      this.made = { serverUrl, getHostToken, api: createHttpVisitApi({ baseUrl: serverUrl, getHostToken }) };
    }
    return this.made.api;
  }
}
