import type { HostTokens } from './auth/host-token.js';
import type { ServerConfig } from './config.js';
import type { Store } from './store/store.js';
import type { LivekitAccess } from './visits/livekit-access.js';

/** What every route handler may use; the server keeps nothing else between requests. */
export interface ServerContext {
  config: ServerConfig;
  store: Store;
  livekit: LivekitAccess;
  hostTokens: HostTokens;
}
