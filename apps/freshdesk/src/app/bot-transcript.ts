// Reads a bot transcript from the conversation view, when the relay sends one.

export interface BotTranscriptLine {
  readonly at: string | null;
  /** Who said it: "bot", "customer"..., as the relay names it; empty when not said. */
  readonly from: string;
  readonly text: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The view's `botTranscript` lines. The app API (docs/app-api.md) does not send a transcript
 * yet, so this accepts a list of `{ at?, from? | role?, text }` and ignores anything else
 * [unverified: the field name and shape are this app's guess until the relay defines them].
 */
export function botTranscriptOf(view: unknown): BotTranscriptLine[] {
  const raw = isRecord(view) ? view.botTranscript : undefined;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry: unknown) => {
    if (!isRecord(entry) || typeof entry.text !== 'string' || entry.text.trim() === '') return [];
    const from =
      typeof entry.from === 'string'
        ? entry.from
        : typeof entry.role === 'string'
          ? entry.role
          : '';
    return [{ at: typeof entry.at === 'string' ? entry.at : null, from, text: entry.text }];
  });
}
