// The `/_sandbox/chat-model` control routes: script answers, inspect requests, inject faults, over JSON.
import express from 'express';
import { ControlError, endControlRouter, controlBody as body } from '../shared/control.ts';
import type { ChatModelAnswer, ChatModelFault, ChatModelStandInControls } from './stand-in.ts';

/** The stand-in's own checks throw TypeError "where: reason"; the control answer keeps the reason. */
function run<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof TypeError) throw new ControlError(error.message.replace(/^[^:]*: /, ''));
    throw error;
  }
}

export function createChatModelControlRouter(standIn: ChatModelStandInControls): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));

  /** One answer (`{intent, confidence}` or `{content}`) or `{answers: [...]}`, queued in order. */
  router.post('/answers', (req, res) => {
    const input = body(req);
    const answers: unknown[] = Array.isArray(input.answers) ? input.answers : [input];
    run(() => standIn.answerNext(...(answers as ChatModelAnswer[])));
    res.status(204).end();
  });
  /** Forgets queued answers and the rule. */
  router.delete('/answers', (_req, res) => {
    standIn.clearAnswers();
    res.status(204).end();
  });
  router.get('/requests', (_req, res) => {
    res.json({ requests: standIn.requests() });
  });
  router.post('/faults', (req, res) => {
    run(() => standIn.injectFault(body(req) as unknown as ChatModelFault));
    res.status(204).end();
  });
  router.delete('/faults', (_req, res) => {
    standIn.clearFaults();
    res.status(204).end();
  });
  router.post('/reset', (_req, res) => {
    standIn.reset();
    res.status(204).end();
  });

  endControlRouter(router);
  return router;
}
