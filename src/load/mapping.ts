import { Mapping } from '../schema/replay.js';
import { loadYaml } from './yaml.js';

/** A mapping file: where lanebar's log fields sit in a user's export. Errors name file, line and field. */
export async function loadMapping(file: string): Promise<Mapping> {
  return loadYaml(file, Mapping);
}
