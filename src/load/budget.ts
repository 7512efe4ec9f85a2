import { Budget } from '../schema/budget.js';
import { loadYaml } from './yaml.js';

/** An Inference Budget page (YAML). Errors name file, line and field. */
export async function loadBudget(file: string): Promise<Budget> {
  return loadYaml(file, Budget);
}
