// One rollup config for every package: `rollup -c ../../rollup.config.mjs --environment PKG:<name>`.
// Each package builds to ESM under dist/ with its module structure kept (preserveModules), so the
// per-element `define.js` files stay separate entry points and the root entry stays side-effect free.
// Dependencies stay external: a host app's bundler dedupes lit, xstate and livekit-client.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import esbuild from 'rollup-plugin-esbuild';
import { minifyCssLiteralsForRollup } from './scripts/minify-css-literals.mjs';

const pkg = process.env.PKG;
if (!pkg) throw new Error('Set PKG (core, elements, server or react): rollup -c --environment PKG:core');
const root = resolve(import.meta.dirname, 'packages', pkg);
const src = join(root, 'src');

// Every module of the package is an entry: `"./*.js"` exports make any of them importable, and the
// per-element `define.ts` files must stay separate so the root entry has no side effects.
function entries(dir = src) {
  const inputs = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) inputs.push(...entries(path));
    else if (/\.tsx?$/.test(name) && !/\.(test|test-support|stories)\.tsx?$/.test(name) && !name.endsWith('.d.ts')) inputs.push(path);
  }
  return inputs;
}

export default {
  input: entries(),
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
  plugins: [
    // The elements' lit `css` templates ship without their comments and indentation.
    minifyCssLiteralsForRollup(),
    esbuild({
      target: 'es2022',
      tsconfig: join(root, 'tsconfig.json'),
      jsx: 'automatic',
    }),
  ],
  output: {
    dir: join(root, 'dist'),
    format: 'es',
    preserveModules: true,
    preserveModulesRoot: src,
    sourcemap: true,
  },
};
