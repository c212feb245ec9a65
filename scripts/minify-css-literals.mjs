// The elements' styles are lit `css` templates in their `*.styles.ts` modules, and a JS minifier leaves a
// template's text alone: every comment and indent in them would reach a patient's browser. This strips
// them at build time, in every build that ships the elements (the package's rollup build, the one-tag
// browser build) and in the benchmarks that measure what those builds ship.
//
// Conservative on purpose: comments go, runs of white space become one space, and the space around
// `{`, `}` and `;` goes; quoted strings and `${…}` expressions are kept as written. Space around `:`,
// `,` and `>` stays (`a :hover` and `a:hover` differ), as does the space in `calc(a - b)`.

/**
 * Outside quoted strings and comments: white space runs become one space, none around `{ } ;`. Commas keep
 * their space: a custom property keeps its value's text as written (`var(--a, 1rem)`), spaces and all.
 */
const squeeze = (text) => text.replace(/\s+/g, ' ').replace(/ ?([{};]) ?/g, '$1');

/** The CSS text of one template piece (between expressions), minified; quoted strings kept as written. */
function minifyCssText(text) {
  let out = '';
  let plain = '';
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (text.startsWith('/*', index)) {
      // A comment may hold an apostrophe: skip it whole before looking for strings.
      const end = text.indexOf('*/', index + 2);
      index = end === -1 ? text.length : end + 2;
      plain += ' ';
    } else if (char === '"' || char === "'") {
      // A quoted string, kept whole (a backslash escapes the next character).
      let end = index + 1;
      while (end < text.length && text[end] !== char) end += text[end] === '\\' ? 2 : 1;
      out += squeeze(plain) + text.slice(index, end + 1);
      plain = '';
      index = end + 1;
    } else {
      plain += char;
      index += 1;
    }
  }
  return out + squeeze(plain);
}

/**
 * Minifies the text of every css`…` template in a module's source, leaving the rest of the source and
 * the templates' `${…}` expressions as they are.
 * @param {string} source
 * @returns {string}
 */
export function minifyCssLiterals(source) {
  let out = '';
  let index = 0;
  for (;;) {
    const start = source.indexOf('css`', index);
    if (start === -1) return out + source.slice(index);
    out += source.slice(index, start + 4);
    index = start + 4;
    let piece = '';
    while (index < source.length && source[index] !== '`') {
      if (source.startsWith('${', index)) {
        out += minifyCssText(piece);
        piece = '';
        let depth = 0;
        let end = index;
        do {
          if (source[end] === '{') depth += 1;
          else if (source[end] === '}') depth -= 1;
          end += 1;
        } while (depth > 0 && end < source.length);
        out += source.slice(index, end);
        index = end;
      } else {
        // Keep a template escape (`\``, `\\`) with its character.
        const length = source[index] === '\\' ? 2 : 1;
        piece += source.slice(index, index + length);
        index += length;
      }
    }
    out += minifyCssText(piece) + '`';
    index += 1;
  }
}

const stylesModule = /\.styles\.ts$/;

/** For esbuild (`plugins: [minifyCssLiteralsForEsbuild]`). */
export const minifyCssLiteralsForEsbuild = {
  name: 'attune-minify-css-literals',
  setup(build) {
    build.onLoad({ filter: stylesModule }, async ({ path }) => {
      const { readFile } = await import('node:fs/promises');
      return { contents: minifyCssLiterals(await readFile(path, 'utf8')), loader: 'ts' };
    });
  },
};

/** For rollup, before its TypeScript plugin. */
export function minifyCssLiteralsForRollup() {
  return {
    name: 'attune-minify-css-literals',
    transform(code, id) {
      return stylesModule.test(id) ? { code: minifyCssLiterals(code), map: null } : null;
    },
  };
}
