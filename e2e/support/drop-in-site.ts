// A practice's site as the drop-in example describes it, for e2e tests: examples/drop-in's pages, a copy
// of the browser bundle under /attune/, and the portal's token endpoint, every answer sent with one
// Content-Security-Policy header. The portal knows its user by a cookie, as a real portal would.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newMediaContext } from './browser.js';
import { watchCspViolations } from './csp-violations.js';

export const dropInExampleDir = resolve(import.meta.dirname, '../../examples/drop-in');
/** The reference server's address as the example pages spell it; the site puts the real one in its place. */
const exampleServerUrl = 'https://visits.riverside-counseling.example';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export interface DropInSite {
  url: string;
  close(): Promise<void>;
}

export interface DropInSiteOptions {
  /** The built browser bundle (`buildBrowserBundle`'s output), served under /attune/. */
  bundleDir: string;
  serverUrl: string;
  csp: string;
  /** Signs a host token for the portal user named by the `portal-user` cookie. */
  hostTokenFor(user: string): Promise<string>;
  /** More files, by path (`/csp-probe.js`), as text; served like the example's own. */
  extraFiles?: Record<string, string>;
}

function fileIn(base: string, path: string): string | undefined {
  const file = normalize(join(base, path));
  if (!file.startsWith(base + sep) || !existsSync(file) || !statSync(file).isFile()) return undefined;
  return file;
}

export function serveDropInSite({ bundleDir, serverUrl, csp, hostTokenFor, extraFiles = {} }: DropInSiteOptions): Promise<DropInSite> {
  const send = (response: ServerResponse, status: number, type: string, body?: string) => {
    response.writeHead(status, { 'content-type': type, 'content-security-policy': csp, 'cache-control': 'no-store' }).end(body);
  };
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    try {
      if (path === '/portal/attune-token') {
        const user = /(?:^|;\s*)portal-user=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
        if (!user) return send(response, 401, 'text/plain', 'not signed in');
        return send(response, 200, 'text/plain', await hostTokenFor(user));
      }
      if (extraFiles[path] !== undefined) return send(response, 200, contentTypes[extname(path)] ?? 'text/plain', extraFiles[path]);
      const bundled = path.startsWith('/attune/') ? fileIn(resolve(bundleDir), path.slice('/attune/'.length)) : undefined;
      if (bundled) {
        response.writeHead(200, { 'content-type': contentTypes[extname(bundled)] ?? 'application/octet-stream', 'content-security-policy': csp });
        return createReadStream(bundled).pipe(response);
      }
      const page = fileIn(dropInExampleDir, path);
      if (!page) return send(response, 404, 'text/plain', 'not found');
      const text = readFileSync(page, 'utf8');
      return send(response, 200, contentTypes[extname(page)] ?? 'text/plain', text.replaceAll(exampleServerUrl, serverUrl));
    } catch (error) {
      send(response, 500, 'text/plain', String(error));
    }
  });
  return new Promise((resolveSite, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolveSite({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/**
 * A browser profile signed in to the site's portal as `user` (the portal's cookie), with a page that records
 * what the CSP refuses. The context goes into `contexts`, for the test to close.
 */
export async function signInToPortal(
  browser: Browser,
  site: DropInSite,
  user: string,
  contexts: BrowserContext[],
): Promise<{ page: Page; violations: () => string[] }> {
  const context = await newMediaContext(browser);
  contexts.push(context);
  await context.addCookies([{ name: 'portal-user', value: user, url: site.url }]);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${user} page] ${error.message}`));
  return { page, violations: await watchCspViolations(page) };
}
