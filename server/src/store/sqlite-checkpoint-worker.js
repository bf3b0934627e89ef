// Runs SQLite WAL checkpoints in a thread of its own, so their disk writes and fsync never stall the relay's event loop.
//
// Plain JavaScript on purpose: a worker thread does not inherit the TypeScript loader of the main
// thread (tsx, Vitest). Started by sqlite-checkpointer.ts, which documents the why and the figures.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { path, intervalMs, restartAfterFrames } = workerData;
const db = new Database(path, { fileMustExist: true });
// RESTART waits for the relay's write transaction in progress (a few milliseconds at most).
db.pragma('busy_timeout = 2000');

function checkpoint() {
  try {
    // PASSIVE copies what it can without ever taking the write lock (https://www.sqlite.org/c3ref/wal_checkpoint_v2.html).
    const [passive] = db.pragma('wal_checkpoint(PASSIVE)');
    // Under steady writes a passive checkpoint never finds the log idle, so the log is never reused
    // and grows; once it is long, RESTART finishes the few frames left and rewinds it.
    if (passive !== undefined && passive.log >= restartAfterFrames)
      db.pragma('wal_checkpoint(RESTART)');
  } catch (error) {
    parentPort?.postMessage({
      kind: 'error',
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

const timer = setInterval(checkpoint, intervalMs);
parentPort?.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort?.postMessage({ kind: 'stopped' });
  parentPort?.close();
});
