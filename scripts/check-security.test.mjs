// Proves the security check and the lint can fail: each rule is fed a fixture that breaks it.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { ESLint } from 'eslint';
import { checkSecurity, knownSecrets, scanBundle, scanSource } from './check-security.mjs';

const repoRoot = resolve(import.meta.dirname, '..');
const scratch = [];
after(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A throwaway repository laid out like Attune's, holding only `files`. */
function fixtureRepo(files) {
  const dir = mkdtempSync(join(tmpdir(), 'attune-security-fixture-'));
  scratch.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const cleanElement = `
import { LitElement, html, css } from 'lit';
export class AttuneGreeting extends LitElement {
  static styles = css\`:host { display: block; }\`;
  name = 'eval(1) and style="x" in a string are not code';
  render() { return html\`<p part="greeting" class="calm">Hello \${this.name}</p>\`; }
}
`;

describe('the security check', () => {
  it('passes a clean element whose strings merely mention eval and style=', async () => {
    const rootDir = fixtureRepo({ 'packages/elements/src/greeting/greeting.element.ts': cleanElement });
    assert.deepEqual(await checkSecurity({ rootDir, secrets: [], bundle: false }), []);
  });

  it('fails on a template rendered through unsafeHTML, naming file and line', async () => {
    const rootDir = fixtureRepo({
      'packages/elements/src/note/note.element.ts': [
        "import { html } from 'lit';",
        "import { unsafeHTML } from 'lit/directives/unsafe-html.js';",
        'export const note = (text: string) => html`<p>${unsafeHTML(text)}</p>`;',
      ].join('\n'),
    });
    const findings = await checkSecurity({ rootDir, secrets: [], bundle: false });
    assert.ok(findings.length >= 2, JSON.stringify(findings));
    assert.ok(findings.every((finding) => finding.file === 'packages/elements/src/note/note.element.ts'));
    assert.deepEqual([...new Set(findings.map((finding) => finding.line))], [2, 3]);
    assert.match(findings[0].rule, /unsafeHTML/);
  });

  it('fails on unsafeSVG and styleMap', () => {
    assert.equal(scanSource("import { unsafeSVG } from 'lit/directives/unsafe-svg.js';").length, 1);
    assert.match(scanSource('const s = html`<p class=${styleMap({ color: "red" })}></p>`;')[0].rule, /styleMap/);
  });

  it('fails on a style= attribute inside an html`` or svg`` template, static or bound', () => {
    assert.match(scanSource('html`<div style="color: red">x</div>`')[0].rule, /style=/);
    assert.equal(scanSource('html`<div style=${color}>x</div>`').length, 1);
    assert.equal(scanSource('svg`<circle r="2" style="fill: red"></circle>`').length, 1);
    assert.equal(scanSource('html`<div .style=${x}></div>`').length, 1);
    assert.equal(scanSource('css`:host { color: red; }`').length, 0);
    assert.equal(scanSource('html`<div class="style-free">restyle = fine</div>`').length, 0);
  });

  it('fails on eval and new Function, but not on the words in strings or comments', () => {
    assert.equal(scanSource('const x = eval("1 + 1");')[0].rule, 'eval(…)');
    assert.equal(scanSource('const f = new Function("a", "return a");')[0].rule, 'new Function(…)');
    assert.equal(scanSource('const f = Function("return this")();').length, 1);
    assert.equal(scanSource('window.eval("1");').length, 1);
    assert.deepEqual(scanSource('// eval(x) is forbidden\nconst s = "new Function(";'), []);
  });

  it('fails on a browser bundle that contains the API secret or server SDK code', async () => {
    const secret = 'lk-secret-for-the-fixture-0123456789abcdef';
    assert.equal(scanBundle(`const config = { apiSecret: "${secret}" };`, [secret]).length, 1);
    assert.match(scanBundle('class RoomServiceClient {}', [])[0].rule, /livekit-server-sdk/);
    assert.deepEqual(scanBundle('const room = new Room();', [secret]), []);

    const rootDir = fixtureRepo({ 'examples/clinic/dist/app.js': `fetch("/x", { headers: { s: "${secret}" } });` });
    const findings = await checkSecurity({ rootDir, secrets: [secret], bundle: false });
    assert.deepEqual(findings.map((finding) => finding.file), ['examples/clinic/dist/app.js']);
  });

  it('fails when browser source imports the server SDK, by bundling it', async () => {
    const rootDir = fixtureRepo({
      'packages/core/src/index.ts': "import { RoomServiceClient } from 'livekit-server-sdk';\nexport const client = new RoomServiceClient('http://x', 'k', 's');\n",
      'packages/elements/tsconfig.json': '{}',
    });
    // Resolve packages from the real repository's node_modules.
    symlinkSync(join(repoRoot, 'node_modules'), join(rootDir, 'node_modules'));
    const findings = await checkSecurity({ rootDir, secrets: [] });
    assert.ok(
      findings.some((finding) => /livekit-server-sdk|does not build/.test(finding.rule)),
      `a browser bundle that pulls in livekit-server-sdk must fail the check: ${JSON.stringify(findings)}`,
    );
  });

  it('looks for the secrets configured in the environment, ignoring words too short to be secrets', () => {
    const env = { LIVEKIT_API_SECRET: 'a-long-livekit-secret-value-000', ATTUNE_HOST_JWT_SECRET: 'secret' };
    assert.deepEqual(knownSecrets([], env), ['a-long-livekit-secret-value-000']);
  });

  it('passes on the repository itself', async () => {
    assert.deepEqual(await checkSecurity({ rootDir: repoRoot }), []);
  });
});

describe('the lint', () => {
  const eslint = new ESLint({ cwd: repoRoot });
  const lintElement = async (code) => {
    const [result] = await eslint.lintText(code, { filePath: join(repoRoot, 'packages/elements/src/lint-fixture/lint-fixture.element.ts') });
    return result.messages.map((message) => message.ruleId);
  };

  it('rejects an element template with a duplicate binding and an image without alt text', async () => {
    const rules = await lintElement(
      "import { html } from 'lit';\nexport const view = (a: string, b: string) => html`<p .title=${a} .title=${b}></p><img src=${a}>`;\n",
    );
    assert.ok(rules.includes('lit/no-duplicate-template-bindings'), rules.join(', '));
    assert.ok(rules.includes('lit-a11y/alt-text'), rules.join(', '));
  });

  it('accepts a clean element template', async () => {
    assert.deepEqual(await lintElement("import { html } from 'lit';\nexport const view = (a: string) => html`<img alt='' src=${a}>`;\n"), []);
  });
});
