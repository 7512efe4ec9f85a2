import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const JUNIT_XSD = join(import.meta.dirname, '..', 'fixtures', 'junit', 'junit-ci.xsd');

/**
 * Validates a JUnit file with libxml2's xmllint (Debian: libxml2-utils; .ci/run installs it when
 * missing). A missing xmllint fails the test: a schema check that silently does not run is worse
 * than none.
 */
export function validateJunit(file: string): { ok: boolean; output: string } {
  const r = spawnSync('xmllint', ['--noout', '--schema', JUNIT_XSD, file], { encoding: 'utf8' });
  if (r.error) throw new Error(`xmllint is needed to validate JUnit XML (apt-get install libxml2-utils): ${r.error.message}`);
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}
