import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LanebarError } from '../core/errors.js';

/** Expands suite arguments: files as given, folders to their *.yaml / *.yml files in name order. */
export async function expandSuiteArgs(args: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    let info;
    try {
      info = await stat(arg);
    } catch {
      throw new LanebarError('no such suite file or folder', { file: arg });
    }
    if (info.isDirectory()) {
      const names = (await readdir(arg)).filter((n) => /\.ya?ml$/.test(n)).sort();
      if (names.length === 0) throw new LanebarError('folder holds no suite files (*.yaml)', { file: arg });
      files.push(...names.map((n) => join(arg, n)));
    } else {
      files.push(arg);
    }
  }
  return files;
}
