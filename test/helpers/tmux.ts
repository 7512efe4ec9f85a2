import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { newestSheet } from '../../src/load/prices.js';

/**
 * The real binary in a real terminal: tmux gives it a pty of a set size, keys are sent with
 * send-keys and the screen read with capture-pane. Every wait polls the screen with a deadline.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export interface Tmux {
  /** Starts `lanebar <args>` (with the repository's price sheet) in a session; the shell then prints `[exit N]` and waits. */
  start(session: string, cwd: string, args: string[], size?: { columns: number; rows: number }): void;
  /** The screen as text; -J joins lines the terminal wrapped, so long lines read whole. */
  screen(session: string): string;
  waitFor(session: string, ok: (screen: string) => boolean, what: string, ms?: number): Promise<string>;
  keys(session: string, ...keys: string[]): void;
}

/** A tmux server of each test's own (a server being killed after one test never meets the next), for the tests of this file. */
export function tmuxPerTest(name: string): Tmux {
  let socket = '';
  let servers = 0;
  const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  beforeEach(() => {
    servers += 1;
    socket = `lanebar-${name}-${process.pid}-${servers}`;
  });
  afterEach(() => {
    tmux('kill-server');
  });
  const screen = (session: string) => tmux('capture-pane', '-p', '-J', '-t', session).stdout;
  return {
    start(session, cwd, args, size = { columns: 100, rows: 30 }) {
      const prices = ['--prices', newestSheet(ROOT), '--overrides', join(ROOT, 'prices', 'overrides.yaml')];
      // CI unset: the UI is what is tested here, whatever runs the tests.
      const command = `env -u CI -u CONTINUOUS_INTEGRATION OPENAI_API_KEY= TERM=xterm-256color ${[process.execPath, CLI, ...args, ...prices].map(q).join(' ')}; echo "[exit $?]"; sleep 600`;
      const r = tmux('new-session', '-d', '-x', String(size.columns), '-y', String(size.rows), '-s', session, '-c', cwd, command);
      expect(r.status, r.stderr).toBe(0);
    },
    screen,
    async waitFor(session, ok, what, ms = 30_000) {
      const deadline = Date.now() + ms;
      let last = '';
      while (Date.now() < deadline) {
        last = screen(session);
        if (ok(last)) return last;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`the screen never showed ${what}; it shows:\n${last}`);
    },
    keys(session, ...keys) {
      expect(tmux('send-keys', '-t', session, ...keys).status).toBe(0);
    },
  };
}
