// Fixture pages for e2e tests: `e2e/fixtures/<name>/page.ts` bundled with esbuild next to its
// index.html and livekit-client's E2EE worker, served from 127.0.0.1 (a secure context).
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { serveStatic, type StaticServer } from '../../scripts/services/static-server.mjs';

const fixturesDir = resolve(import.meta.dirname, '../fixtures');

export interface FixturePageServer extends StaticServer {
  /** URL of the page's index.html. */
  pageUrl: string;
}

/** Bundles `e2e/fixtures/<name>` into a temp dir and serves it; `close()` stops serving and deletes the bundle. */
export async function serveFixturePage(name: string): Promise<FixturePageServer> {
  const outDir = mkdtempSync(join(tmpdir(), `attune-fixture-${name}-`));
  await build({
    entryPoints: {
      page: join(fixturesDir, name, 'page.ts'),
      'e2ee-worker': fileURLToPath(import.meta.resolve('livekit-client/e2ee-worker')),
    },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source', 'browser'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  copyFileSync(join(fixturesDir, name, 'index.html'), join(outDir, 'index.html'));
  const server = await serveStatic(outDir);
  return {
    ...server,
    pageUrl: `${server.url}/index.html`,
    close: async () => {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

/** A JSON answer for one path of a page's server: the settings a test hands its page (`/config.json`). */
export function jsonRoute(value: unknown): (request: IncomingMessage, response: ServerResponse) => void {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  };
}

/**
 * Bundles a page whose script is given as source (a test's own small host page for the elements),
 * next to livekit-client's E2EE worker, and serves it, with `routes` answering some paths itself;
 * `close()` also deletes the bundle.
 */
export async function serveInlinePage(
  name: string,
  source: string,
  title: string,
  { routes }: { routes?: Record<string, (request: IncomingMessage, response: ServerResponse) => void> } = {},
): Promise<FixturePageServer> {
  const outDir = mkdtempSync(join(tmpdir(), `attune-${name}-page-`));
  const common: BuildOptions = { bundle: true, format: 'esm', platform: 'browser', target: 'es2022', conditions: ['source', 'browser'], logLevel: 'warning' };
  await build({
    ...common,
    stdin: { contents: source, resolveDir: resolve(fixturesDir, '../..'), loader: 'ts', sourcefile: `${name}-page.ts` },
    outfile: join(outDir, 'page.js'),
    tsconfig: resolve(fixturesDir, '../../packages/elements/tsconfig.json'),
  });
  await build({ ...common, entryPoints: [fileURLToPath(import.meta.resolve('livekit-client/e2ee-worker'))], outfile: join(outDir, 'e2ee-worker.js') });
  writeFileSync(
    join(outDir, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><script type="module" src="./page.js"></script></head><body><main></main></body></html>`,
  );
  const server = await serveStatic(outDir, { routes });
  return {
    ...server,
    pageUrl: `${server.url}/index.html`,
    close: async () => {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
