import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../report/atomic-write.js';
import { Suite } from '../schema/suite.js';
import type { Io } from './run-command.js';

export const suiteJsonSchema = (): string =>
  JSON.stringify({ title: 'lanebar suite', ...z.toJSONSchema(Suite, { io: 'input', target: 'draft-2020-12' }) }, null, 2) + '\n';

const DEFAULT = 'suites/schema.json';

/** `lanebar schema`: the suite file's JSON Schema, generated from the one zod schema. */
export async function schemaCommand(o: { write?: string | boolean; check?: string | boolean }, io: Io): Promise<number> {
  const text = suiteJsonSchema();
  if (o.check) {
    const file = typeof o.check === 'string' ? o.check : DEFAULT;
    const current = await readFile(file, 'utf8').catch(() => '');
    if (current !== text) {
      io.err(`${file} is out of date with src/schema/suite.ts; run: npm run schema`);
      return 1;
    }
    io.out(`${file} is up to date`);
    return 0;
  }
  if (o.write) {
    const file = typeof o.write === 'string' ? o.write : DEFAULT;
    await writeFileAtomic(file, text);
    io.out(`wrote ${file}`);
    return 0;
  }
  io.out(text.trimEnd());
  return 0;
}
