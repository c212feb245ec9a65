// The custom-elements manifest: generated from the elements' JSDoc (@summary @slot @fires @csspart
// @cssproperty), it feeds Storybook's controls and docs and the generated React wrappers.
export default {
  globs: ['packages/elements/src/**/*.element.ts', 'packages/elements/src/**/define.ts'],
  exclude: ['**/*.test.ts', '**/*.styles.ts'],
  outdir: 'packages/elements',
  litelement: true,
  dependencies: false,
  packagejson: false,
};
