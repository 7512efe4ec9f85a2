import { describe, expect, it } from 'vitest';
import { plainProgress } from '../../src/report/plain-progress.js';
import { runStart } from '../helpers/fixtures.js';

describe('plain progress', () => {
  it("prints the suite file's model names and base URLs inert: nothing in them reaches the terminal as a control", () => {
    const start = runStart(3);
    const [candidate] = start.suites[0]!.candidates;
    start.suites[0]!.candidates = [
      { ...candidate!, id: 'sim', model: 'gpt\u001b]0;pwned\u0007-mini' },
      { ...candidate!, id: 'live', simulated: false, served_by: 'llama', model: 'llama\u009b2J', base_url: 'http://127.0.0.1:8000/v1/\u001b[2J' },
    ];
    const lines: string[] = [];
    plainProgress({ write: (l) => lines.push(l), now: () => 0 })({ type: 'run_started', start, resumed: false, samplesTotal: 6, samplesDone: 0, reportDir: 'reports/r', concurrency: 1 });
    expect(lines.slice(1)).toEqual([
      '  ticket-triage · sim: simulated (sim-mid, priced as openai gpt\\x1b]0;pwned\\x07-mini)',
      '  ticket-triage · live: live openai llama\\x9b2J at http://127.0.0.1:8000/v1/\\x1b[2J',
    ]);
  });
});
