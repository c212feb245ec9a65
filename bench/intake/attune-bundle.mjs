// How the intake benchmarks bundle <attune-intake-form>: as a practice would ship it (esbuild, minified,
// production, code splitting), from a source tree (`root`: this repo, or an older revision for an A/B).
import { join, resolve } from 'node:path';
import { analyzeMetafile, build } from 'esbuild';
import { minifyCssLiteralsForEsbuild } from '../../scripts/minify-css-literals.mjs';

const repo = resolve(import.meta.dirname, '../..');

/** Resolves @attune/* to `root`'s packages (their `source` files), everything else to this repo's node_modules. */
function attuneFrom(root) {
  return {
    name: 'attune-from',
    setup(builder) {
      builder.onResolve({ filter: /^@attune\/(core|elements)(\/.*)?$/ }, ({ path }) => {
        const [, pkg, sub] = /^@attune\/(core|elements)(?:\/(.*))?$/.exec(path);
        const src = join(root, 'packages', pkg, 'src');
        if (!sub) return { path: join(src, 'index.ts') };
        const file = sub.replace(/\.js$/, '');
        return { path: pkg === 'elements' ? join(src, file, 'define.ts') : join(src, `${file}.ts`) };
      });
    },
  };
}

/**
 * Writes intake-form.js and its chunks into `outdir`. The conditions are the `source` condition (so the
 * packages build from TypeScript) plus esbuild's defaults for the browser: naming conditions replaces
 * esbuild's default `module`, and without it xstate resolves to its CommonJS build, which no practice's
 * bundler (esbuild, Vite, webpack, Rollup all pick `module`) would ship and which cannot be tree-shaken.
 */
export async function buildAttuneBundle(outdir, { root = repo, analyze = false } = {}) {
  const result = await build({
    stdin: { contents: "import '@attune/elements/intake-form.js';", resolveDir: repo, loader: 'ts', sourcefile: 'intake-form.ts' },
    entryNames: 'intake-form',
    outdir,
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source', 'module'],
    tsconfig: join(repo, 'packages/elements/tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    // The lit `css` templates minified, as the package's own build ships them (scripts/minify-css-literals.mjs).
    plugins: root === repo ? [minifyCssLiteralsForEsbuild] : [attuneFrom(root), minifyCssLiteralsForEsbuild],
    metafile: analyze,
    logLevel: 'error',
  });
  return analyze ? analyzeMetafile(result.metafile) : undefined;
}

if (process.argv[1] === import.meta.filename) {
  // node bench/intake/attune-bundle.mjs [outdir]: what is in each chunk (esbuild's analyzeMetafile) and its gzipped size.
  const { mkdtempSync, readdirSync, readFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { gzipSync } = await import('node:zlib');
  const outdir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'attune-intake-bundle-'));
  console.log(await buildAttuneBundle(outdir, { analyze: true }));
  for (const file of readdirSync(outdir).sort()) {
    const bytes = readFileSync(join(outdir, file));
    console.log(`${file.padEnd(32)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KiB  ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1).padStart(6)} KiB gz`);
  }
}
