import type { Terminal } from './run-with-ui.js';

/** Where lanebar may draw the Ink UI: an interactive terminal on both ends, and not a CI job. */
export interface TerminalLike {
  isTTY?: boolean;
}

/** The rule of `is-in-ci`, which Ink itself follows: CI or CONTINUOUS_INTEGRATION set to anything but 0/false. */
export const inCi = (env: Readonly<Record<string, string | undefined>>): boolean =>
  ['CI', 'CONTINUOUS_INTEGRATION'].some((k) => env[k] !== undefined && env[k] !== '0' && env[k] !== 'false');

/**
 * The UI needs keys as well as a screen: with stdin redirected there is nobody to press q, and
 * Ink cannot put a pipe in raw mode.
 */
export const inkAllowed = (stdout: TerminalLike, stdin: TerminalLike, env: Readonly<Record<string, string | undefined>>): boolean =>
  Boolean(stdout.isTTY) && Boolean(stdin.isTTY) && !inCi(env);

/** This process's own terminal streams. */
export const processTerminal = (): Terminal => ({ stdout: process.stdout, stdin: process.stdin, stderr: process.stderr });
