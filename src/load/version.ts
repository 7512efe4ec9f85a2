import { readFileSync } from 'node:fs';

/** lanebar's own version, recorded in every journal and authorization. */
export const LANEBAR_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
