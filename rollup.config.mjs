// One rollup config for every package: `rollup -c ../../rollup.config.mjs --environment PKG:<name>`.
// Each package builds to ESM under dist/ with its module structure kept (preserveModules), so the
// per-element `define.js` files stay separate entry points and the root entry stays side-effect free.
// Dependencies stay external: a host app's bundler dedupes lit, xstate and livekit-client.
import { readdirSync, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import esbuild from 'rollup-plugin-esbuild';

const pkg = process.env.PKG;
if (!pkg) throw new Error('Set PKG (core, elements, server or react): rollup -c --environment PKG:core');
const root = resolve(import.meta.dirname, 'packages', pkg);
const src = join(root, 'src');

function entries() {
  const inputs = [join(src, existsSync(join(src, 'index.ts')) ? 'index.ts' : 'index.tsx')];
  for (const name of readdirSync(src)) {
    const dir = join(src, name);
    if (statSync(dir).isDirectory() && existsSync(join(dir, 'define.ts'))) inputs.push(join(dir, 'define.ts'));
  }
  if (existsSync(join(src, 'cli.ts'))) inputs.push(join(src, 'cli.ts'));
  return inputs;
}

export default {
  input: entries(),
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
  plugins: [
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
