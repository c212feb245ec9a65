// Bundles the demo clinic's pages with esbuild (from the packages' TypeScript sources) and serves them
// on 127.0.0.1: getUserMedia needs a secure context, and localhost counts as one.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, normalize } from 'node:path';

const here = import.meta.dirname;
const root = resolve(here, '../..');
export const clinicOutDir = resolve(root, '.attune/clinic');

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
};

export async function buildClinic() {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: {
      patient: join(here, 'patient.ts'),
      clinician: join(here, 'clinician.ts'),
      'e2ee-worker': 'livekit-client/e2ee-worker',
    },
    outdir: clinicOutDir,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    splitting: true,
    sourcemap: true,
    conditions: ['source'],
    tsconfig: join(root, 'packages/elements/tsconfig.json'),
    logLevel: 'warning',
  });
}

/** Serves the pages, the bundles, and `/config.json` telling the pages where the reference server and LiveKit are. */
export function serveClinic({ host, port, serverUrl, livekitUrl }) {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', `http://${host}`);
    if (url.pathname === '/config.json') {
      response.writeHead(200, { 'content-type': types['.json'], 'cache-control': 'no-store' });
      response.end(JSON.stringify({ serverUrl, livekitUrl }));
      return;
    }
    const path = url.pathname === '/' ? '/index.html' : url.pathname;
    const base = path.endsWith('.html') || path.endsWith('.css') ? here : clinicOutDir;
    const file = normalize(join(base, path));
    if (!file.startsWith(base)) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        // The pages run under the same strict CSP a practice site would use: no inline script or style.
        'content-security-policy':
          "default-src 'self'; script-src 'self'; worker-src 'self' blob:; style-src 'self'; " +
          `connect-src 'self' ${serverUrl} ws://127.0.0.1:* ws://localhost:* http://127.0.0.1:*; media-src 'self' blob: mediastream:; img-src 'self' data: blob:`,
      });
      response.end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    }
  });
  return new Promise((resolveListening) => server.listen(port, host, () => resolveListening(server)));
}
