/// <reference types="vite/client" />
// Every story gets the elements' manifest (controls and docs), and a toolbar to switch theme and locale.
import { setCustomElementsManifest, type Decorator, type Preview } from '@storybook/web-components-vite';
import { setAttuneLocale } from '@attune/elements';

// `cem analyze` writes the manifest; a fresh clone may not have run it yet.
const manifests = import.meta.glob<{ default: object }>('../packages/elements/custom-elements.json', { eager: true });
const manifest = Object.values(manifests)[0]?.default;
if (manifest) setCustomElementsManifest(manifest);

// Elements take `theme="light" | "dark"`; the toolbar sets it on every Attune element of the story.
const withThemeAndLocale: Decorator = (story, context) => {
  const theme = context.globals.theme as string | undefined;
  void setAttuneLocale((context.globals.locale as string | undefined) ?? 'en');
  const rendered = story();
  requestAnimationFrame(() => {
    const root = document.querySelector('#storybook-root');
    document.body.classList.toggle('attune-dark', theme === 'dark');
    for (const element of root?.querySelectorAll('*') ?? []) {
      if (!element.localName.startsWith('attune-')) continue;
      if (theme === 'light' || theme === 'dark') element.setAttribute('theme', theme);
      else element.removeAttribute('theme');
    }
  });
  return rendered;
};

const preview: Preview = {
  decorators: [withThemeAndLocale],
  globalTypes: {
    theme: {
      description: 'Colour theme of the elements',
      toolbar: { title: 'Theme', icon: 'circlehollow', items: ['system', 'light', 'dark'], dynamicTitle: true },
    },
    locale: {
      description: 'Language of the elements',
      toolbar: { title: 'Locale', icon: 'globe', items: [{ value: 'en', title: 'English' }, { value: 'es', title: 'Español' }], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'system', locale: 'en' },
  parameters: { controls: { expanded: true } },
};

export default preview;
