// Start-up warnings for a workspace's bot: texts over one SMS segment, features left unconfigured.
import { analyzeSms } from '@smsbridge/sms';
import type { BotConfig } from './config.ts';
import { menuText, submenuText } from './engine.ts';
import { summarizeWeeklyHours } from './format.ts';
import type { BotLanguage } from './intents.ts';
import {
  BOT_TEXT_KEYS,
  DEFAULT_TEXTS,
  PLACEHOLDER_MAX_LENGTH,
  placeholdersIn,
  renderText,
  TEXT_PLACEHOLDERS,
} from './texts.ts';
import type { Placeholder } from './texts.ts';

export interface BotWarning {
  /** Config path the warning is about, e.g. 'texts.en.greeting' or 'menu'. */
  readonly path: string;
  readonly message: string;
}

/** The workspace's own values, and the longest value anything else can take. */
function sampleValues(config: BotConfig, language: BotLanguage): Record<Placeholder, string> {
  const longest = (placeholder: Placeholder): string =>
    'x'.repeat(PLACEHOLDER_MAX_LENGTH[placeholder]);
  const tracking = config.trackingLinkTemplate
    ?.replaceAll('{trackingNumber}', 'x'.repeat(20))
    .replaceAll('{orderNumber}', 'x'.repeat(PLACEHOLDER_MAX_LENGTH.orderNumber));
  return {
    businessName: config.businessName,
    expectedWait: config.expectedWait[language] ?? '',
    orderNumber: longest('orderNumber'),
    orderNumberExample: config.orderNumber.example,
    orderStatus: longest('orderStatus'),
    eta: longest('eta'),
    trackingLink: tracking ?? longest('trackingLink'),
    resetLink:
      config.passwordReset?.mode === 'link' ? config.passwordReset.url : longest('resetLink'),
    nextOpening: longest('nextOpening'),
    closesAt: longest('closesAt'),
    hours:
      config.hoursSummary?.[language] ??
      (config.businessHours
        ? summarizeWeeklyHours(config.businessHours, language)
        : longest('hours')),
    location: config.location ?? longest('location'),
    submenuLabel: longest('submenuLabel'),
  };
}

function describeOverflow(text: string): string | null {
  const analysis = analyzeSms(text);
  if (analysis.segmentCount <= 1) return null;
  const single = analysis.encoding === 'GSM-7' ? 160 : 70;
  const unit = analysis.encoding === 'GSM-7' ? 'septets' : 'UTF-16 units';
  const because =
    analysis.encoding === 'UCS-2'
      ? `, UCS-2 because of ${[...new Set(analysis.nonGsmCharacters.map((c) => JSON.stringify(c.char)))].slice(0, 5).join(' ')}`
      : '';
  return `${analysis.segmentCount} SMS segments (${analysis.units} ${unit}${because}; one segment holds ${single})`;
}

/**
 * What the relay should log when it loads a workspace: every text the bot can send that would
 * take more than one SMS segment with this workspace's values (business name, links, hours,
 * menu labels...) and the longest values from outside, plus flows that will hand off because a
 * setting is missing. Default texts with short workspace values produce none.
 */
export function botStartupWarnings(config: BotConfig): BotWarning[] {
  const warnings: BotWarning[] = [];
  for (const language of config.languages) {
    const values = sampleValues(config, language);
    for (const key of BOT_TEXT_KEYS) {
      const overridden = config.texts[language]?.[key];
      const text = overridden ?? DEFAULT_TEXTS[language][key];
      const overflow = describeOverflow(renderText(text, values));
      if (overflow === null) continue;
      const used = placeholdersIn(text).filter((name) =>
        (TEXT_PLACEHOLDERS[key] as readonly string[]).includes(name),
      );
      const origin = overridden === undefined ? 'default text' : 'workspace text';
      const withValues =
        used.length > 0 ? ` with ${used.map((name) => `{${name}}`).join(', ')}` : '';
      warnings.push({
        path: `texts.${language}.${key}`,
        message: `texts.${language}.${key} (${origin}${withValues}) takes ${overflow}`,
      });
    }
    const menuOverflow = describeOverflow(menuText(config, language));
    if (menuOverflow !== null) {
      warnings.push({ path: 'menu', message: `menu (${language}) takes ${menuOverflow}` });
    }
    config.menu.forEach((item, index) => {
      if (!item.submenu) return;
      const overflow = describeOverflow(submenuText(config, item, language));
      if (overflow !== null) {
        warnings.push({
          path: `menu[${index}].submenu`,
          message: `menu[${index}].submenu (${language}) takes ${overflow}`,
        });
      }
    });
  }
  if (!config.orderLookup) {
    warnings.push({
      path: 'orderLookup',
      message: 'orderLookup is not configured: order-status questions go straight to an agent',
    });
  }
  if (!config.passwordReset) {
    warnings.push({
      path: 'passwordReset',
      message: 'passwordReset is not configured: password questions go straight to an agent',
    });
  }
  if (!config.businessHours) {
    warnings.push({
      path: 'businessHours',
      message:
        'businessHours is not configured: hand-offs cannot say whether you are open, and hours questions go to an agent unless location is set',
    });
  }
  return warnings;
}
