import { describe, expect, it, vi } from 'vitest';
import { createTranslator } from './i18n.ts';
import { createSaveHook } from './save-hook.ts';

function composer(text: string, type = 'publicReply') {
  return { get: vi.fn(() => Promise.resolve({ 'comment.text': text, 'comment.type': type })) };
}

const optedOut = { status: 'opted_out', canSend: false } as const;
const implied = { status: 'implied', canSend: true } as const;

describe('createSaveHook', () => {
  it('lets an ordinary reply be saved', async () => {
    const hook = createSaveHook(
      composer('<p>On its way!</p>'),
      () => implied,
      createTranslator('en'),
      'en',
    );
    await expect(hook()).resolves.toBe(true);
  });

  it('blocks a card number with a message the agent sees, reading the rich-text composer', async () => {
    const hook = createSaveHook(
      composer('<p>card&nbsp;4111 1111 1111 1111</p>'),
      () => implied,
      createTranslator('en'),
      'en',
    );
    await expect(hook()).rejects.toThrow(/contains a card number/);
  });

  it('blocks a reply to an opted-out customer, in Spanish for a Spanish agent', async () => {
    const hook = createSaveHook(composer('hola'), () => optedOut, createTranslator('es'), 'es');
    await expect(hook()).rejects.toThrow(/se dio de baja/);
  });

  it('blocks a quick reply sent with {{first_name}} still in it, saying what to fill in', async () => {
    const hook = createSaveHook(
      composer('<p>Hi {{first_name}}, thanks for texting us.</p>'),
      () => implied,
      createTranslator('en'),
      'en',
    );
    await expect(hook()).rejects.toThrow(
      'Not sent: this reply still has {{first_name}} to fill in. Replace it with the right words and save again.',
    );
  });

  it('never blocks an internal note', async () => {
    const hook = createSaveHook(
      composer('card 4111 1111 1111 1111', 'internalNote'),
      () => optedOut,
      createTranslator('en'),
      'en',
    );
    await expect(hook()).resolves.toBe(true);
  });
});
