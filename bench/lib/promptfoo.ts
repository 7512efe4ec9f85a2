import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './dist.ts';

/** The version the reference figures were measured with; the benchmark installs exactly this one. */
export const PROMPTFOO_VERSION = '0.123.1';

/** Its own folder (git-ignored), so promptfoo never enters lanebar's package.json or lockfile. */
export const PROMPTFOO_DIR = join(ROOT, 'bench', '.contenders', 'promptfoo');

export interface Promptfoo {
  version: string;
  /** The CLI's entry module, run with the benchmark's own node. */
  entry: string;
  /** Its telemetry and update checks off, its config, cache and logs in a throwaway folder. */
  env(home: string): Record<string, string>;
}

/** Installs promptfoo at the pinned version on first use (npm registry), then reuses it. */
export function ensurePromptfoo(version = PROMPTFOO_VERSION): Promptfoo {
  const pkg = join(PROMPTFOO_DIR, 'node_modules', 'promptfoo', 'package.json');
  const installed = existsSync(pkg) ? (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version : null;
  if (installed !== version) {
    mkdirSync(PROMPTFOO_DIR, { recursive: true });
    process.stderr.write(`installing promptfoo@${version} into ${PROMPTFOO_DIR} (once)...\n`);
    execFileSync('npm', ['install', '--prefix', PROMPTFOO_DIR, '--save-exact', '--no-audit', '--no-fund', '--loglevel=error', `promptfoo@${version}`], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, PROMPTFOO_DISABLE_TELEMETRY: '1' },
    });
  }
  const meta = JSON.parse(readFileSync(pkg, 'utf8')) as { version: string; bin: Record<string, string> };
  return {
    version: meta.version,
    entry: join(PROMPTFOO_DIR, 'node_modules', 'promptfoo', meta.bin.promptfoo!),
    // Names checked in promptfoo 0.123.1's dist/: PROMPTFOO_DISABLE_TELEMETRY, PROMPTFOO_DISABLE_UPDATE,
    // PROMPTFOO_CONFIG_DIR (its database and config), PROMPTFOO_LOG_DIR, PROMPTFOO_CACHE_PATH,
    // PROMPTFOO_FAILED_TEST_EXIT_CODE.
    env: (home) => ({
      PROMPTFOO_DISABLE_TELEMETRY: '1',
      PROMPTFOO_DISABLE_UPDATE: '1',
      PROMPTFOO_DISABLE_SHARING: '1',
      // It exits 100 when any test fails; a benchmark's wrong answers are expected, not an error.
      PROMPTFOO_FAILED_TEST_EXIT_CODE: '0',
      PROMPTFOO_CONFIG_DIR: join(home, 'config'),
      PROMPTFOO_LOG_DIR: join(home, 'logs'),
      PROMPTFOO_CACHE_PATH: join(home, 'cache'),
      OPENAI_API_KEY: 'sim',
    }),
  };
}
