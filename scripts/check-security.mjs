// The security rules a linter cannot hold well, checked on every `npm test`:
//  1. in packages/*/src: no unsafeHTML / unsafeSVG / styleMap, no `style=` in an html`` or svg``
//     template, no eval / new Function (the elements run under a strict CSP with Trusted Types);
//  2. no LiveKit API secret and no livekit-server-sdk code in anything shipped to a browser: the
//     browser entry points are bundled here with esbuild, and existing browser builds are scanned.
// Sources are parsed with the TypeScript compiler, so words inside strings and comments are not
// mistaken for code.
//
//   node scripts/check-security.mjs [--secret VALUE]...
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..');

const forbiddenDirectives = new Set(['unsafeHTML', 'unsafeSVG', 'styleMap']);
const templateTags = new Set(['html', 'svg']);
const sourceExtensions = new Set(['.ts', '.tsx', '.js', '.mjs', '.jsx']);
const bundleExtensions = new Set(['.js', '.mjs', '.cjs', '.html']);
// Strings only the server SDK contains; livekit-client has none of them.
const serverSdkMarkers = ['livekit-server-sdk', 'RoomServiceClient', 'WebhookReceiver', 'TokenVerifier'];
// Browser builds that may exist on disk, scanned when present.
export const browserOutputDirs = [
  'packages/elements/dist',
  'packages/core/dist',
  'packages/react/dist',
  '.attune/storybook',
  'examples/clinic/dist',
];

function walk(dir, extensions, skip = () => false) {
  const files = [];
  if (!existsSync(dir)) return files;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.name === 'node_modules' || skip(path)) continue;
    if (entry.isDirectory()) files.push(...walk(path, extensions, skip));
    else if (extensions.has(extname(entry.name))) files.push(path);
  }
  return files;
}

function templateText(template) {
  if (ts.isNoSubstitutionTemplateLiteral(template)) return template.text;
  return [template.head.text, ...template.templateSpans.map((span) => span.literal.text)].join('${}');
}

function tagName(tag) {
  if (ts.isIdentifier(tag)) return tag.text;
  if (ts.isPropertyAccessExpression(tag)) return tag.name.text;
  return undefined;
}

/** Findings `{ line, rule }` for one source text. */
export function scanSource(text, fileName = 'source.ts') {
  const kind = /\.[cm]?jsx?$/.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const findings = [];
  const report = (node, rule) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    findings.push({ line: line + 1, rule });
  };
  const visit = (node) => {
    if (ts.isIdentifier(node) && forbiddenDirectives.has(node.text)) {
      report(node, `${node.text} (lit directive that bypasses escaping or inline styles)`);
    } else if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      if (name === 'eval') report(node, 'eval(…)');
      if (name === 'Function' && (ts.isNewExpression(node) || ts.isIdentifier(callee))) report(node, 'new Function(…)');
    } else if (ts.isTaggedTemplateExpression(node) && templateTags.has(tagName(node.tag) ?? '')) {
      if (/(^|[\s"'/])[.?]?style\s*=/i.test(templateText(node.template))) {
        report(node, `style= attribute in a ${tagName(node.tag)}\`\` template (use classes and parts)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

/** Findings `{ rule }` for one browser bundle's text. */
export function scanBundle(text, secrets) {
  const findings = [];
  for (const secret of secrets) {
    if (secret && text.includes(secret)) findings.push({ rule: 'a LiveKit/host API secret is in a browser bundle' });
  }
  for (const marker of serverSdkMarkers) {
    if (text.includes(marker)) findings.push({ rule: `livekit-server-sdk code (${marker}) is in a browser bundle` });
  }
  return findings;
}

/** Secrets to look for: the ones in the environment plus any passed in. Short or empty values are ignored. */
export function knownSecrets(extra = [], env = process.env) {
  const fromEnv = ['LIVEKIT_API_SECRET', 'ATTUNE_TEST_LIVEKIT_API_SECRET', 'ATTUNE_HOST_JWT_SECRET'].map((name) => env[name]);
  // Too short a value would match by chance (`secret`, LiveKit's dev secret, is an English word).
  return [...new Set([...fromEnv, ...extra].filter((value) => typeof value === 'string' && value.length >= 12))];
}

/** Bundles every browser entry point of core and elements into `outDir`; returns the written files or a failure. */
async function bundleBrowserEntries(rootDir, outDir) {
  const { build } = await import('esbuild');
  const entryPoints = [
    join(rootDir, 'packages/core/src/index.ts'),
    join(rootDir, 'packages/elements/src/index.ts'),
    ...walk(join(rootDir, 'packages/elements/src'), new Set(['.ts'])).filter((file) => file.endsWith('/define.ts')),
  ].filter((file) => existsSync(file));
  if (entryPoints.length === 0) return { files: [] };
  try {
    await build({
      entryPoints,
      outdir: outDir,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      conditions: ['source', 'browser'],
      target: 'es2022',
      logLevel: 'silent',
      tsconfig: join(rootDir, 'packages/elements/tsconfig.json'),
    });
  } catch (error) {
    const first = error.errors?.[0];
    const where = first?.location ? `${first.location.file}:${first.location.line}` : 'esbuild';
    return { files: [], failure: { file: where, rule: `the browser bundle does not build: ${first?.text ?? error.message}` } };
  }
  return { files: walk(outDir, bundleExtensions) };
}

/**
 * Runs every check under `rootDir`. Returns `[{ file, line?, rule }]`; empty means clean.
 * @param {{ rootDir?: string, secrets?: string[], bundle?: boolean }} [options]
 */
export async function checkSecurity({ rootDir = root, secrets = knownSecrets(), bundle = true } = {}) {
  const findings = [];
  const packagesDir = join(rootDir, 'packages');
  const sourceDirs = existsSync(packagesDir)
    ? readdirSync(packagesDir).map((name) => join(packagesDir, name, 'src')).filter((dir) => existsSync(dir))
    : [];
  for (const file of sourceDirs.flatMap((dir) => walk(dir, sourceExtensions))) {
    if (file.endsWith('.d.ts')) continue;
    for (const finding of scanSource(readFileSync(file, 'utf8'), file)) findings.push({ file: relative(rootDir, file), ...finding });
  }

  const bundleFiles = browserOutputDirs.flatMap((dir) => walk(join(rootDir, dir), bundleExtensions));
  let scratch;
  if (bundle) {
    scratch = mkdtempSync(join(tmpdir(), 'attune-security-'));
    const built = await bundleBrowserEntries(rootDir, scratch);
    if (built.failure) findings.push(built.failure);
    bundleFiles.push(...built.files);
  }
  try {
    for (const file of bundleFiles) {
      const shownAs = scratch && file.startsWith(scratch) ? `(browser bundle of the sources)/${relative(scratch, file)}` : relative(rootDir, file);
      for (const finding of scanBundle(readFileSync(file, 'utf8'), secrets)) findings.push({ file: shownAs, ...finding });
    }
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
  return findings;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const extra = process.argv.flatMap((arg, index, all) => (arg === '--secret' ? [all[index + 1]] : []));
  const findings = await checkSecurity({ secrets: knownSecrets(extra) });
  if (findings.length > 0) {
    console.error(`Security check failed (${findings.length}):`);
    for (const { file, line, rule } of findings) console.error(`  ${file}${line ? `:${line}` : ''}  ${rule}`);
    process.exit(1);
  }
  console.log('Security check passed: no unsafe template directives, inline styles, eval or server secrets in browser code.');
}
