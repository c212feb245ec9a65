import assert from 'node:assert/strict';
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { chromiumArgs, ensureChromium } from './services/chromium.mjs';
import { minifyCssLiterals } from './minify-css-literals.mjs';

const root = resolve(import.meta.dirname, '..');
const elementsSrc = join(root, 'packages', 'elements', 'src');

describe('minifyCssLiterals', () => {
  it('drops comments (an apostrophe in one included), indentation and the space around { } ;', () => {
    const source = "export const s = css`\n  /* the patient's own picture */\n  a,\n  b {\n    color: red;\n    margin: 0 auto;\n  }\n`;\n";
    assert.equal(minifyCssLiterals(source), 'export const s = css` a, b{color: red;margin: 0 auto;}`;\n');
  });

  it('keeps quoted strings, expressions, calc’s spaces and a descendant :pseudo-class as written', () => {
    const source = "css`\n  :host ${dark} {\n    grid-template-areas: 'header  header' 'a , b';\n    width: calc(100% - ${gap});\n  }\n  [part='base'] :first-child { content: \"a ; b\"; }\n`";
    assert.equal(
      minifyCssLiterals(source),
      "css` :host ${dark}{grid-template-areas: 'header  header' 'a , b';width: calc(100% - ${gap});}[part='base'] :first-child{content: \"a ; b\";}`",
    );
  });

  it('leaves other templates and the code around them alone', () => {
    const source = 'const view = html`<p>  two  spaces </p>`;\nconst style = css`p { margin: 0; }`;\n';
    assert.equal(minifyCssLiterals(source), 'const view = html`<p>  two  spaces </p>`;\nconst style = css`p{margin: 0;}`;\n');
  });
});

describe('the elements’ styles, minified, are the same style sheets in Chromium', () => {
  // A copy of the elements' styles modules, minified, beside the originals' folder layout (inside the
  // repository, so `lit` resolves): each module's sheets are compared rule by rule as Chromium parses them.
  const copyDir = join(root, '.attune', 'test', 'minified-styles');
  let browser;
  let page;

  before(async () => {
    rmSync(copyDir, { recursive: true, force: true });
    cpSync(elementsSrc, copyDir, { recursive: true, filter: (path) => !path.endsWith('.test.ts') });
    browser = await chromium.launch({ executablePath: await ensureChromium(), args: chromiumArgs });
    page = await browser.newPage();
  });

  after(async () => {
    await browser?.close();
    rmSync(copyDir, { recursive: true, force: true });
  });

  const stylesModules = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? stylesModules(join(dir, entry.name)) : entry.name.endsWith('.styles.ts') ? [join(dir, entry.name)] : [],
    );

  /** Every CSSResult a module exports (an array of them, or one), as text. */
  const sheetsOf = async (file) => {
    const module = await import(pathToFileURL(file).href);
    return Object.values(module)
      .flatMap((value) => (Array.isArray(value) ? value : [value]))
      .filter((value) => typeof value?.cssText === 'string')
      .map((result) => result.cssText);
  };

  /** Chromium's reading of a style sheet: its rules, as it writes them back. */
  const parsed = (cssText) =>
    page.evaluate((text) => {
      const sheet = new globalThis.CSSStyleSheet();
      sheet.replaceSync(text);
      return [...sheet.cssRules].map((rule) => rule.cssText);
    }, cssText);

  it('for every *.styles.ts module, with fewer bytes', async () => {
    const originals = stylesModules(elementsSrc);
    assert.ok(originals.length >= 6, `found only ${originals.length} styles modules`);
    for (const original of originals) {
      const copy = join(copyDir, relative(elementsSrc, original));
      writeFileSync(copy, minifyCssLiterals(readFileSync(original, 'utf8')));
    }
    for (const original of originals) {
      const name = relative(root, original);
      const before = await sheetsOf(original);
      const afterMinifying = await sheetsOf(join(copyDir, relative(elementsSrc, original)));
      assert.equal(afterMinifying.length, before.length, `${name}: as many style sheets`);
      for (const [index, text] of before.entries()) {
        const rules = await parsed(text);
        assert.ok(rules.length > 0, `${name}: sheet ${index} has rules`);
        assert.deepEqual(await parsed(afterMinifying[index]), rules, `${name}: sheet ${index} reads the same`);
        assert.ok(afterMinifying[index].length < text.length, `${name}: sheet ${index} is smaller`);
      }
    }
  });
});
