// Opens every story of a static Storybook build in Chromium and fails a story on a page error, a
// console error, a Storybook error display, an empty `#storybook-root` or anything axe finds in it.
// Each story is one test.
//
//   node scripts/storybook-smoke.mjs [.attune/storybook] [counts.json]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, ensureChromium } from './services/chromium.mjs';
import { serveStatic } from './services/static-server.mjs';

const staticDir = resolve(process.argv[2] ?? '.attune/storybook');
const countsFile = process.argv[3];
const storyTimeoutMs = 15_000;
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** Rules about a whole document (its language, title, landmarks, one h1), which a story's frame is not. */
const wholePageRules = ['document-title', 'html-has-lang', 'landmark-one-main', 'page-has-heading-one', 'region', 'bypass'];

function storiesOf(dir) {
  const indexFile = join(dir, 'index.json');
  if (!existsSync(indexFile)) throw new Error(`${indexFile} is missing: run \`storybook build -o ${dir}\` first`);
  const { entries } = JSON.parse(readFileSync(indexFile, 'utf8'));
  return Object.values(entries).filter((entry) => entry.type === 'story');
}

async function checkStory(context, baseUrl, story) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A failed load is reported below with its URL, which says more.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console error: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  try {
    await page.goto(`${baseUrl}/iframe.html?id=${encodeURIComponent(story.id)}&viewMode=story`, { timeout: storyTimeoutMs });
    // Storybook marks the body once the story has rendered, or failed to.
    await page.waitForFunction(
      () => ['sb-show-main', 'sb-show-errordisplay', 'sb-show-nopreview'].some((name) => document.body.classList.contains(name)),
      undefined,
      { timeout: storyTimeoutMs },
    );
    // Let the elements' first update and any immediate async work settle.
    await page.waitForTimeout(150);
    const state = await page.evaluate(() => {
      const root = document.querySelector('#storybook-root');
      const hasContent = (node) => {
        if (!node) return false;
        if (node.textContent?.trim()) return true;
        for (const child of node.children ?? []) {
          const box = child.getBoundingClientRect();
          if (box.width > 0 && box.height > 0) return true;
          if (child.shadowRoot && hasContent(child.shadowRoot)) return true;
          if (hasContent(child)) return true;
        }
        return false;
      };
      return {
        error: document.body.classList.contains('sb-show-errordisplay')
          ? (document.querySelector('#error-message')?.textContent ?? 'Storybook error display').trim()
          : undefined,
        empty: !hasContent(root),
      };
    });
    if (state.error) problems.push(`story error: ${state.error.slice(0, 300)}`);
    if (state.empty) problems.push('#storybook-root is empty');
    // Every machine state is a story, so axe over every story is axe in every state: the story's own
    // content (shadow roots included), without the rules about a whole page that a story frame is not.
    if (!state.error && !state.empty) {
      await page.addScriptTag({ path: axePath });
      const violations = await page.evaluate(async (pageRules) => {
        const result = await globalThis.axe.run('#storybook-root', { rules: Object.fromEntries(pageRules.map((id) => [id, { enabled: false }])) });
        return result.violations.map((violation) => `${violation.id} (${violation.nodes.length}): ${violation.help}`);
      }, wholePageRules);
      for (const violation of violations) problems.push(`axe: ${violation}`);
    }
  } catch (error) {
    problems.push(error.message.split('\n')[0]);
  } finally {
    await page.close();
  }
  return problems;
}

async function main() {
  const stories = storiesOf(staticDir);
  const executablePath = await ensureChromium();
  const server = await serveStatic(staticDir);
  const browser = await chromium.launch({ executablePath, args: chromiumArgs });
  const totals = { passed: 0, failed: 0, failures: [] };
  try {
    const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
    for (const story of stories) {
      const problems = await checkStory(context, server.url, story);
      const name = `${story.title} › ${story.name}`;
      if (problems.length === 0) {
        totals.passed++;
        console.log(`  ✔ ${name}`);
      } else {
        totals.failed++;
        totals.failures.push(`${name}: ${problems[0]}`);
        console.log(`  ✖ ${name}\n      ${problems.join('\n      ')}`);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`storybook: ${totals.passed} passed, ${totals.failed} failed (${stories.length} stories)`);
  if (countsFile) writeFileSync(countsFile, JSON.stringify(totals, null, 2));
  return totals.failed === 0 ? 0 : 1;
}

process.exitCode = await main().catch((error) => {
  console.error(`[attune] Storybook smoke run failed: ${error.message}`);
  return 1;
});
