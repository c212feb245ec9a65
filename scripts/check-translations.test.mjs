import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';

const root = resolve(import.meta.dirname, '..');
const litLocalize = join(root, 'node_modules', '.bin', 'lit-localize');
const script = join(root, 'scripts', 'check-translations.mjs');

const greetingSource = `import { msg, str } from '@lit/localize';

export const hello = () => msg('Hello', { id: 'greeting.hello' });
export const waited = (minutes: number) => msg(str\`You have waited \${minutes} minutes.\`, { id: 'greeting.waited' });
`;

const spanish = {
  'greeting.hello': () => 'Hola',
  'greeting.waited': (source) => source.replace('You have waited ', 'Ha esperado ').replace(' minutes.', ' minutos.'),
};

/** Adds a <target> to every trans-unit, built from its <source> (so the placeholder markup is the extracted one). */
function translate(xliff) {
  return xliff.replace(/(<trans-unit id="([^"]+)">\s*<source>([\s\S]*?)<\/source>)/g, (unit, head, id, source) => `${head}\n  <target>${spanish[id](source)}</target>`);
}

/**
 * A small lit-localize project translated the way Attune's is: extract, translate, build, with the
 * real CLI. Its node_modules is the repository's, so the TypeScript program resolves @lit/localize.
 */
function makeCompleteProject(dir) {
  mkdirSync(join(dir, 'src'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'ES2022', moduleResolution: 'Bundler', strict: true, skipLibCheck: true, noEmit: true },
      include: ['src'],
    }),
  );
  writeFileSync(join(dir, 'src', 'greeting.ts'), greetingSource);
  writeFileSync(
    join(dir, 'lit-localize.json'),
    JSON.stringify({
      $schema: 'https://raw.githubusercontent.com/lit/lit/main/packages/localize-tools/config.schema.json',
      sourceLocale: 'en',
      targetLocales: ['es'],
      tsConfig: 'tsconfig.json',
      output: { mode: 'runtime', outputDir: 'src/generated/locales', localeCodesModule: 'src/generated/locale-codes.ts' },
      interchange: { format: 'xliff', xliffDir: 'xliff' },
    }),
  );
  // The CLI resolves localeCodesModule against the working directory, so it runs in the project.
  execFileSync(litLocalize, ['extract'], { cwd: dir, stdio: 'pipe' });
  const xliffPath = join(dir, 'xliff', 'es.xlf');
  writeFileSync(xliffPath, translate(readFileSync(xliffPath, 'utf8')));
  execFileSync(litLocalize, ['build'], { cwd: dir, stdio: 'pipe' });
}

function check(dir) {
  const result = spawnSync(process.execPath, [script, '--config', join(dir, 'lit-localize.json')], { encoding: 'utf8' });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

function edit(path, change) {
  const before = readFileSync(path, 'utf8');
  const after = change(before);
  assert.notEqual(after, before, `the edit changed nothing in ${path}`);
  writeFileSync(path, after);
}

describe('check-translations', () => {
  let scratch;
  let complete;
  let copies = 0;
  /** A fresh copy of the complete project to break in one way. */
  const copyOfComplete = () => {
    const dir = join(scratch, `copy-${++copies}`);
    cpSync(complete, dir, { recursive: true, verbatimSymlinks: true });
    return dir;
  };

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'attune-check-translations-'));
    complete = join(scratch, 'complete');
    makeCompleteProject(complete);
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('passes a project whose every message is translated and built', () => {
    const { code, output } = check(complete);
    assert.equal(code, 0, output);
    assert.match(output, /2 messages, every locale complete and up to date/);
  });

  it('fails and names a message with no <target>', () => {
    const dir = copyOfComplete();
    edit(join(dir, 'xliff', 'es.xlf'), (xliff) => xliff.replace(/\n\s*<target>Hola<\/target>/, ''));
    const { code, output } = check(dir);
    assert.equal(code, 1, output);
    assert.match(output, /Not translated:\n\s+es greeting\.hello: no <target>/);
    assert.doesNotMatch(output, /greeting\.waited: no <target>/);
  });

  it('fails on an empty <target>', () => {
    const dir = copyOfComplete();
    edit(join(dir, 'xliff', 'es.xlf'), (xliff) => xliff.replace('<target>Hola</target>', '<target> </target>'));
    const { code, output } = check(dir);
    assert.equal(code, 1, output);
    assert.match(output, /es greeting\.hello: no <target>/);
  });

  it('fails and names a message added to the sources but not translated', () => {
    const dir = copyOfComplete();
    edit(join(dir, 'src', 'greeting.ts'), (source) => `${source}export const goodbye = () => msg('Goodbye', { id: 'greeting.goodbye' });\n`);
    const { code, output } = check(dir);
    assert.equal(code, 1, output);
    assert.match(output, /es greeting\.goodbye: no <target>/);
  });

  it('fails on a target whose placeholder differs from the source', () => {
    const dir = copyOfComplete();
    edit(join(dir, 'xliff', 'es.xlf'), (xliff) =>
      xliff.replace(/<target>Ha esperado <x id="0" equiv-text="\$\{minutes\}"\/> minutos\.<\/target>/, '<target>Ha esperado <x id="0" equiv-text="${hours}"/> minutos.</target>'),
    );
    const { code, output } = check(dir);
    assert.equal(code, 1, output);
    assert.match(output, /Placeholders that differ from the source:\n\s+es greeting\.waited: expected <x id="0" equiv-text="\$\{minutes\}"\/>, found <x id="0" equiv-text="\$\{hours\}"\/>/);
  });

  it('fails on a target that drops the placeholder', () => {
    const dir = copyOfComplete();
    edit(join(dir, 'xliff', 'es.xlf'), (xliff) => xliff.replace(/<target>Ha esperado <x[^>]*\/> minutos\.<\/target>/, '<target>Ha esperado unos minutos.</target>'));
    const { code, output } = check(dir);
    assert.equal(code, 1, output);
    assert.match(output, /es greeting\.waited: expected <x id="0" equiv-text="\$\{minutes\}"\/>, found none/);
  });

  it('fails on a target whose placeholder points at another expression (the generated module substitutes by id)', () => {
    const dir = copyOfComplete();
    edit(join(dir, 'xliff', 'es.xlf'), (xliff) => xliff.replace(/(<target>Ha esperado <x id=)"0"/, '$1"1"'));
    const { code, output } = check(dir);
    assert.equal(code, 1, output);
    assert.match(output, /es greeting\.waited: expected <x id="0" equiv-text="\$\{minutes\}"\/>, found <x id="1" equiv-text="\$\{minutes\}"\/>/);
  });

  it('fails when an English source is reworded after it was translated', () => {
    const dir = copyOfComplete();
    edit(join(dir, 'src', 'greeting.ts'), (source) => source.replace("msg('Hello'", "msg('Hello again'"));
    const { code, output } = check(dir);
    assert.equal(code, 1, output);
    assert.match(output, /Reworded in English since they were translated:\n\s+es greeting\.hello/);
  });

  it('fails when the generated locale module is out of date with the .xlf', () => {
    const dir = copyOfComplete();
    edit(join(dir, 'xliff', 'es.xlf'), (xliff) => xliff.replace('<target>Hola</target>', '<target>Buenos días</target>'));
    const { code, output } = check(dir);
    assert.equal(code, 1, output);
    assert.match(output, /Generated locale modules out of date:\n.*generated\/locales\/es\.ts/);
  });

  it('never writes into the project it checks', () => {
    const dir = copyOfComplete();
    edit(join(dir, 'src', 'greeting.ts'), (source) => `${source}export const goodbye = () => msg('Goodbye', { id: 'greeting.goodbye' });\n`);
    const files = ['xliff/es.xlf', 'src/generated/locales/es.ts', 'src/generated/locale-codes.ts', 'lit-localize.json'];
    const before = files.map((file) => readFileSync(join(dir, file), 'utf8'));
    check(dir);
    assert.deepEqual(files.map((file) => readFileSync(join(dir, file), 'utf8')), before);
  });
});
