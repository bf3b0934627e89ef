// The `/_sandbox/chat-model` control routes: script answers, inspect requests, inject faults, over JSON.
import express, { type NextFunction, type Request, type Response } from 'express';
import { ControlError, bodyParserFailure, controlBody as body } from '../shared/control.ts';
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

  router.use((_req, _res) => {
    throw new ControlError('no such control route', 404);
  });
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof ControlError) {
      res.status(error.status).json({ error: error.message });
      return;
    }
    const parserFailure = bodyParserFailure(error);
    if (parserFailure !== undefined) {
      res.status(parserFailure.status).json({ error: parserFailure.message });
      return;
    }
    res.status(500).json({ error: 'unexpected stand-in error' });
  });
  return router;
}
