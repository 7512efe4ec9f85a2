import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBudget } from '../../src/load/budget.js';
import { loadGateConfig } from '../../src/load/gate-config.js';
import { loadMapping } from '../../src/load/mapping.js';
import { loadSuite } from '../../src/load/suite.js';
import { loadSimModels } from '../../src/providers/sim/index.js';
import { checkSuite } from '../../src/run/plan.js';
import { writeFileSync } from 'node:fs';
import { bundled, fuzz, head, workspace } from './mutate.js';

/*
 * Every YAML file lanebar reads, mutated a thousand ways from its bundled version (mutate.ts):
 * each input ends in success or in a LanebarError naming the file and a line or field, never in
 * another exception or a hang. Seeds are fixed, so a failure names an input that can be run again.
 * Gate conditions are fuzzed inside the gate config here, and alone in test/core/gate/parser-fuzz.
 */

describe('bad input: configuration files, 1,000 mutations each', { timeout: 120_000 }, () => {
  it('suite YAML (with its dataset, graders and candidates checked)', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'datasets', 'ticket-triage.csv'), head(bundled('datasets/ticket-triage.csv'), 30));
    const file = join(dir, 'suites', 'ticket-triage.yaml');
    const t = await fuzz(bundled('suites/ticket-triage.yaml'), 1301, file, async () => checkSuite(await loadSuite(file), 'sim', {}), ['ticket-triage.csv']);
    expect(t.ok).toBeGreaterThan(0);
  });

  it('gate config (conditions included)', async () => {
    const file = join(workspace(), 'gates-support.yaml');
    const t = await fuzz(bundled('gates/support.yaml'), 1306, file, () => loadGateConfig(file));
    expect(t.ok).toBeGreaterThan(0);
  });

  it('log mapping', async () => {
    const file = join(workspace(), 'litellm-spend-logs.yaml');
    const t = await fuzz(bundled('mappings/litellm-spend-logs.yaml'), 1307, file, () => loadMapping(file));
    expect(t.ok).toBeGreaterThan(0);
  });

  it('budget file', async () => {
    const file = join(workspace(), 'support-budget.yaml');
    const t = await fuzz(bundled('budgets/support.yaml'), 1308, file, () => loadBudget(file));
    expect(t.ok).toBeGreaterThan(0);
  });

  it('simulated-models file', async () => {
    const file = join(workspace(), 'models.yaml');
    const t = await fuzz(bundled('sim/models.yaml'), 1309, file, () => loadSimModels(file));
    expect(t.ok).toBeGreaterThan(0);
  });
});
