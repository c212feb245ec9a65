// Keeps every shipped language complete, checked on every `npm test` (lint stage). It runs what
// `npm run localize` runs (lit-localize extract, then build), but into a temporary directory, and
// fails when the committed files are not what those steps would produce:
//  1. a message in the sources with no <target> (or an empty one) in a locale's .xlf;
//  2. a <target> whose placeholders (${…} expressions) differ from its source;
//  3. an .xlf that extract would change: a new, removed or reworded English string (a reworded
//     source keeps its old <target>, which then says something else);
//  4. a generated locale module (generated/locales/<locale>.ts, locale-codes.ts) out of date with the .xlf.
// It never writes into the work tree.
//
//   node scripts/check-translations.mjs [--config lit-localize.json]
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { RuntimeLitLocalizer } from '@lit/localize-tools/lib/modes/runtime.js';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..');

/** lit-localize's config as its CLI reads it (paths relative to the config file), without its habit of rewriting the file. */
function readConfig(configPath) {
  const parsed = JSON.parse(readFileSync(configPath, 'utf8'));
  if (parsed.output?.mode !== 'runtime' || parsed.interchange?.format !== 'xliff') {
    throw new Error(`${configPath}: only runtime mode with XLIFF interchange is checked`);
  }
  const baseDir = dirname(configPath);
  return { ...parsed, baseDir, resolve: (path) => resolve(baseDir, path) };
}

/** `id → <source> markup` of every trans-unit in an .xlf text as lit-localize writes it (one element per line). */
function sourcesById(xliffText) {
  const units = new Map();
  for (const [, id, source] of xliffText.matchAll(/<trans-unit id="([^"]*)">\s*<source>([\s\S]*?)<\/source>/g)) units.set(id, source);
  return units;
}

/** The placeholders of a message's contents as `<x id="…" equiv-text="…"/>`, sorted (translations may reorder them). */
function placeholders(contents) {
  return contents
    .filter((part) => typeof part !== 'string')
    .map((part) => `<x id="${part.index}" equiv-text="${part.untranslatable}"/>`)
    .sort();
}

function isBlank(contents) {
  return contents.every((part) => typeof part === 'string' && part.trim() === '');
}

function readIfPresent(path) {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/**
 * Checks one lit-localize project. Returns `{ messageCount, problems }`, where each problem is
 * `{ kind, locale?, id?, detail }`; no problems means every locale is complete and up to date.
 */
export async function checkTranslations(configPath = join(root, 'lit-localize.json')) {
  const config = readConfig(resolve(configPath));
  const xliffDir = config.resolve(config.interchange.xliffDir);
  const outputDir = config.resolve(config.output.outputDir);
  const localeCodesModule = config.output.localeCodesModule ? config.resolve(config.output.localeCodesModule) : undefined;
  const extension = (config.output.language ?? (config.tsConfig ? 'ts' : 'js')) === 'ts' ? 'ts' : 'js';

  const scratch = mkdtempSync(join(tmpdir(), 'attune-translations-'));
  try {
    // The committed .xlf files are copied so that extract merges into them exactly as it would in place.
    mkdirSync(join(scratch, 'xliff'));
    for (const locale of config.targetLocales) {
      const committed = join(xliffDir, `${locale}.xlf`);
      if (existsSync(committed)) copyFileSync(committed, join(scratch, 'xliff', `${locale}.xlf`));
    }
    const localizer = new RuntimeLitLocalizer({
      ...config,
      interchange: { ...config.interchange, xliffDir: join(scratch, 'xliff') },
      output: {
        ...config.output,
        outputDir: join(scratch, 'locales'),
        ...(localeCodesModule ? { localeCodesModule: join(scratch, `locale-codes.${extension}`) } : {}),
      },
    });

    const problems = [];
    const { messages, errors } = localizer.extractSourceMessages();
    if (errors.length > 0) {
      const host = { getCanonicalFileName: (name) => name, getCurrentDirectory: () => root, getNewLine: () => '\n' };
      for (const error of errors) {
        problems.push({ kind: 'extract', detail: ts.formatDiagnostic(error, host).trim() });
      }
      return { messageCount: messages.length, problems };
    }

    // Read once, from the committed copies, before extract rewrites them.
    const { translations } = localizer.readTranslationsSync();
    for (const locale of config.targetLocales) {
      const translated = new Map((translations.get(locale) ?? []).map((message) => [message.name, message]));
      for (const message of messages) {
        const target = translated.get(message.name);
        if (!target || isBlank(target.contents)) {
          problems.push({ kind: 'missing', locale, id: message.name, detail: 'no <target>' });
        }
      }
    }

    // lit-localize's own validation compares expressions only up to renaming, but the generated module
    // substitutes by <x id>: a target must carry exactly its source's placeholders, id and text.
    let placeholderProblems = 0;
    const sources = new Map(messages.map((message) => [message.name, message]));
    for (const [locale, translated] of translations) {
      for (const target of translated) {
        const source = sources.get(target.name);
        if (!source) continue;
        const wanted = placeholders(source.contents);
        const found = placeholders(target.contents);
        if (wanted.join('\n') !== found.join('\n')) {
          placeholderProblems++;
          problems.push({ kind: 'placeholders', locale, id: target.name, detail: `expected ${wanted.join(' ') || 'none'}, found ${found.join(' ') || 'none'}` });
        }
      }
    }

    await localizer.writeInterchangeFiles();
    for (const locale of config.targetLocales) {
      const committedText = readIfPresent(join(xliffDir, `${locale}.xlf`));
      const extractedText = readFileSync(join(scratch, 'xliff', `${locale}.xlf`), 'utf8');
      if (committedText === extractedText) continue;
      const committed = sourcesById(committedText ?? '');
      const extracted = sourcesById(extractedText);
      let explained = false;
      for (const [id, source] of extracted) {
        if (committed.has(id) && committed.get(id) !== source) {
          problems.push({ kind: 'reworded', locale, id, detail: 'the English source changed: check the translation' });
          explained = true;
        } else if (!committed.has(id)) {
          explained = true; // new: already reported as missing
        }
      }
      for (const id of committed.keys()) {
        if (!extracted.has(id)) {
          problems.push({ kind: 'stale', locale, id, detail: 'no longer in the sources' });
          explained = true;
        }
      }
      if (!explained) problems.push({ kind: 'xliff-outdated', locale, detail: `${relative(root, join(xliffDir, `${locale}.xlf`))} is not what extract writes` });
    }

    // build refuses translations with wrong placeholders; those are reported above already.
    if (placeholderProblems === 0 && localizer.validateTranslations().errors.length === 0) {
      // build warns once per untranslated message; those are reported above already.
      const warn = console.warn;
      console.warn = () => {};
      try {
        await localizer.build();
      } finally {
        console.warn = warn;
      }
      const generated = config.targetLocales.map((locale) => [join(outputDir, `${locale}.${extension}`), join(scratch, 'locales', `${locale}.${extension}`)]);
      if (localeCodesModule) generated.push([localeCodesModule, join(scratch, `locale-codes.${extension}`)]);
      for (const [committedPath, builtPath] of generated) {
        if (readIfPresent(committedPath) !== readFileSync(builtPath, 'utf8')) {
          problems.push({ kind: 'generated-outdated', detail: `${relative(root, committedPath)} is out of date with the .xlf files` });
        }
      }
    }
    return { messageCount: messages.length, problems };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const headings = {
  extract: 'The sources could not be analysed:',
  missing: 'Not translated:',
  placeholders: 'Placeholders that differ from the source:',
  reworded: 'Reworded in English since they were translated:',
  stale: 'Translated but no longer in the sources:',
  'xliff-outdated': 'Interchange files out of date:',
  'generated-outdated': 'Generated locale modules out of date:',
};

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { config: { type: 'string' } } });
  const { messageCount, problems } = await checkTranslations(values.config ?? join(root, 'lit-localize.json'));
  if (problems.length === 0) {
    console.log(`translations: ${messageCount} messages, every locale complete and up to date`);
  } else {
    for (const [kind, heading] of Object.entries(headings)) {
      const ofKind = problems.filter((problem) => problem.kind === kind);
      if (ofKind.length === 0) continue;
      console.error(heading);
      for (const problem of ofKind) {
        console.error(`  ${[problem.locale, problem.id].filter(Boolean).join(' ')}${problem.id ? ': ' : ''}${problem.detail}`);
      }
    }
    console.error(`\n${problems.length} translation problem(s). Translate in the .xlf files, then run \`npm run localize\`.`);
    process.exitCode = 1;
  }
}
