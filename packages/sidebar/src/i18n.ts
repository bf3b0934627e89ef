// Translations for both sidebar apps over each app's catalogs: the agent's language, {{placeholders}} filled, catalogs checked.

/** The languages the sidebar apps speak. */
export type SidebarLanguage = 'en' | 'es';

export type Translator<Key extends string> = (
  key: Key,
  values?: Readonly<Record<string, string | number>>,
) => string;

/** One app's strings: English, which has every key, and Spanish. */
export interface SidebarCatalogs<Key extends string> {
  readonly en: Readonly<Record<Key, string>>;
  readonly es: Readonly<Record<string, string>>;
}

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/**
 * The supported language for a helpdesk locale or language setting (Zendesk's `es-419`,
 * Freshdesk's `es-LA` → `es`); English otherwise, including for anything that is not a string.
 */
export function pickLanguage(locale: unknown): SidebarLanguage {
  return typeof locale === 'string' && /^es\b/i.test(locale) ? 'es' : 'en';
}

/**
 * A translator over an app's catalogs; a key missing in the language falls back to English, and
 * a placeholder with no value stays as written (`{{phone}}`).
 *
 * @example createTranslator({ en: { hi: 'Hi {{name}}' }, es: {} }, 'es')('hi', { name: 'Ana' }) // 'Hi Ana'
 */
export function createTranslator<Key extends string>(
  catalogs: SidebarCatalogs<Key>,
  language: SidebarLanguage,
): Translator<Key> {
  const catalog: Readonly<Record<string, string>> = catalogs[language];
  return (key, values = {}) => {
    const template = catalog[key] ?? catalogs.en[key];
    return template.replace(PLACEHOLDER, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
  };
}

function placeholdersOf(text: string): string {
  return [...text.matchAll(PLACEHOLDER)]
    .map((match) => match[1])
    .sort()
    .join(', ');
}

/**
 * What a translation gets wrong against the English catalog: keys it lacks or has in excess, and
 * strings whose placeholders differ (a Spanish string must fill the same `{{names}}`). Empty when
 * the translation is complete.
 */
export function catalogMismatches(
  english: Readonly<Record<string, string>>,
  translation: Readonly<Record<string, unknown>>,
): string[] {
  const problems: string[] = [];
  for (const [key, text] of Object.entries(english)) {
    const translated = translation[key];
    if (typeof translated !== 'string') problems.push(`${key}: missing`);
    else if (placeholdersOf(translated) !== placeholdersOf(text)) {
      problems.push(
        `${key}: placeholders {${placeholdersOf(translated)}} instead of {${placeholdersOf(text)}}`,
      );
    }
  }
  for (const key of Object.keys(translation)) {
    if (!(key in english)) problems.push(`${key}: not in the English catalog`);
  }
  return problems;
}

/**
 * Dates as the agent reads them: medium date and short time in their language. A value that is no
 * date is shown as written.
 */
export function createDateFormatter(language: SidebarLanguage): (iso: string) => string {
  const format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  return (iso) => {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : format.format(date);
  };
}
