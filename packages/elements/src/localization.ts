import { configureLocalization } from '@lit/localize';
import { sourceLocale, targetLocales } from './generated/locale-codes.js';

/**
 * The one catalogue every user-visible string goes through (`msg()` from `@lit/localize`).
 * English is the source; Spanish ships. A vendor adds a language by translating
 * `packages/elements/xliff/<locale>.xlf` and running `npm run localize`.
 */
export const supportedLocales = [sourceLocale, ...targetLocales] as const;
export type AttuneLocale = (typeof supportedLocales)[number];

const catalogues = {
  es: () => import('./generated/locales/es.js'),
} satisfies Record<(typeof targetLocales)[number], () => Promise<unknown>>;

const localization = configureLocalization({
  sourceLocale,
  targetLocales,
  loadLocale: (locale) => catalogues[locale as keyof typeof catalogues]() as never,
});

/**
 * Switches every Attune element on the page to `locale`. A regional code takes its language's
 * catalogue (`es-MX` → `es`), so a host may pass `navigator.language` as it is; anything else is English.
 */
export async function setAttuneLocale(locale: string): Promise<void> {
  const language = locale.toLowerCase().split(/[-_]/)[0] ?? '';
  const wanted = (supportedLocales as readonly string[]).includes(language) ? language : sourceLocale;
  await localization.setLocale(wanted);
}

export function getAttuneLocale(): string {
  return localization.getLocale();
}
