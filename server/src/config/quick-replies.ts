// The workspace's approved quick replies: categories, the variables a script may use, and the defaults.

/** Categories the sidebar groups scripts by (issue 4: general inquiry, order status, technical, billing, outage). */
export const QUICK_REPLY_CATEGORIES = [
  'general_inquiry',
  'order_status',
  'technical',
  'billing',
  'outage',
] as const;
export type QuickReplyCategory = (typeof QUICK_REPLY_CATEGORIES)[number];

/** The only variables the sidebar app fills from the ticket; anything else would reach the customer raw. */
export const QUICK_REPLY_VARIABLES = ['first_name', 'order_id', 'agent_name'] as const;
export type QuickReplyVariable = (typeof QUICK_REPLY_VARIABLES)[number];

/** Most characters in a script, as for the STOP/START/HELP replies: two segments of GSM-7 at most. */
export const QUICK_REPLY_MAX_CHARACTERS = 320;

export interface QuickReply {
  readonly id: string;
  readonly category: QuickReplyCategory;
  readonly title: string;
  readonly body: string;
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

function requireString(fn: string, body: unknown): asserts body is string {
  if (typeof body !== 'string') {
    throw new TypeError(`${fn}: expected the script body as a string, got ${typeof body}`);
  }
}

/** The variables a script uses, in order of first use, each once. */
export function templateVariables(body: string): QuickReplyVariable[] {
  requireString('templateVariables', body);
  const found: QuickReplyVariable[] = [];
  for (const match of body.matchAll(PLACEHOLDER)) {
    const name = match[1] as QuickReplyVariable;
    if (QUICK_REPLY_VARIABLES.includes(name) && !found.includes(name)) found.push(name);
  }
  return found;
}

/**
 * What is wrong with a script's placeholders, one message per problem; empty when it is fine.
 * Only `{{first_name}}`, `{{order_id}}` and `{{agent_name}}` are allowed, written exactly so, and a
 * stray `{{` or `}}` is refused too: either would be texted to the customer as it is.
 */
export function templateProblems(body: string): string[] {
  requireString('templateProblems', body);
  const problems: string[] = [];
  const expected = QUICK_REPLY_VARIABLES.map((name) => `{{${name}}}`).join(', ');
  for (const match of body.matchAll(PLACEHOLDER)) {
    if (!(QUICK_REPLY_VARIABLES as readonly string[]).includes(match[1] ?? '')) {
      problems.push(`unknown variable ${match[0]} (expected ${expected})`);
    }
  }
  const rest = body.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) {
    problems.push(`unbalanced '{{' or '}}' (variables are written ${expected})`);
  }
  return problems;
}

/**
 * One short script per category, each asking the customer for one action and giving a fallback
 * ("reply AGENT"). All GSM-7 and under 160 characters as written, so each costs one segment with
 * typical names filled in; none asks for a keyword the relay treats as consent (STOP, START, HELP).
 */
export const DEFAULT_QUICK_REPLIES: readonly QuickReply[] = Object.freeze([
  {
    id: 'general-ask-details',
    category: 'general_inquiry',
    title: 'Ask what they need',
    body: "Hi {{first_name}}, {{agent_name}} here. Reply with a short description of what you need and we'll sort it out. Urgent? Reply AGENT and we will call you.",
  },
  {
    id: 'order-tracking-link',
    category: 'order_status',
    title: 'Point to the tracking link',
    body: "Hi {{first_name}}, you can track order {{order_id}} from the link in your shipping email. If it has not moved in 3 days, reply AGENT and we'll chase it.",
  },
  {
    id: 'technical-restart',
    category: 'technical',
    title: 'Restart first',
    body: 'Hi {{first_name}}, please restart the device and try again. If that does not help, reply AGENT and {{agent_name}} will walk you through it.',
  },
  {
    id: 'billing-compare-invoice',
    category: 'billing',
    title: 'Compare with the invoice',
    body: 'Hi {{first_name}}, please compare the charge with the invoice under Billing in your account. If they differ, reply AGENT. Never text us card numbers.',
  },
  {
    id: 'outage-known-issue',
    category: 'outage',
    title: 'Known outage, no action needed',
    body: "Hi {{first_name}}, we know about the outage and are fixing it; no need to restart anything. We'll text you when it's back. Still down then? Reply AGENT.",
  },
]);
