// The sidebar's strings (translations/en.json, es.json) and its translator; the logic is @smsbridge/sidebar's.
import { createTranslator as translatorOver } from '@smsbridge/sidebar';
import type { SidebarLanguage, Translator } from '@smsbridge/sidebar';
import en from '../translations/en.json';
import es from '../translations/es.json';

export type MessageKey = keyof typeof en.ticket_sidebar;
export type Translate = Translator<MessageKey>;

/** A translator; missing keys fall back to English, unknown placeholders stay as written. */
export function createTranslator(language: SidebarLanguage): Translate {
  return translatorOver({ en: en.ticket_sidebar, es: es.ticket_sidebar }, language);
}
