// Translations for the sidebar (en, es): picks the agent's language and fills {{placeholders}}.
import en from '../translations/en.json';
import es from '../translations/es.json';

export type MessageKey = keyof typeof en.ticket_sidebar;
export type Language = 'en' | 'es';
export type Translate = (
  key: MessageKey,
  values?: Readonly<Record<string, string | number>>,
) => string;

const CATALOGS: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
  en: en.ticket_sidebar,
  es: es.ticket_sidebar,
};

/** The supported language for an agent's language setting (`es-LA` → `es`); English otherwise. */
export function pickLanguage(locale: unknown): Language {
  return typeof locale === 'string' && /^es\b/i.test(locale) ? 'es' : 'en';
}

/** A translator; missing keys fall back to English, unknown placeholders stay as written. */
export function createTranslator(language: Language): Translate {
  const catalog = CATALOGS[language];
  return (key, values = {}) => {
    const template = catalog[key] ?? en.ticket_sidebar[key];
    return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
  };
}
