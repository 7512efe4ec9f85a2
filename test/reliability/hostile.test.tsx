import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/providers/sim/index.js';
import { KEY, mount } from '../ui/harness.js';
import { lanebarChild, parseJournal, simulatorFor } from './harness.js';

/*
 * Model output written to harm whoever reads it: markup, Markdown table pipes, escape sequences
 * that clear the screen, move the cursor or retitle the terminal, newlines and carriage returns, a
 * bidirectional override. The simulated model answers with it (right and wrong), and a self-hosted
 * server puts it in its error message. The built binary runs the suite; everything it prints and
 * writes is checked, and the terminal UI is drawn from the journal it wrote.
 */

const HOSTILE = [
  '<script>alert(1)</script> | a | b |',
  '\u001b[2J\u001b[H\u001b]0;pwned\u0007cleared \u001b[31mred\u001b[0m',
  'line one\nline two\r\nline three\rover',
  '<img src=x onerror=alert(2)> [x](javascript:alert(3)) **bold**',
  '\u202eevil\u202c |---|---|',
  '\u009b2J C1 escape \u0000 nul \u0008 backspace',
];

/** Escape sequences other than colour (SGR), and control characters other than newline. */
// eslint-disable-next-line no-control-regex
const MOVES_THE_TERMINAL = /\u001b(?!\[[0-9;]*m)|[\u0000-\u0009\u000b-\u001a\u001c-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

let sim: Simulator | undefined;
let server: Server | undefined;
afterAll(async () => {
  await sim?.close();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
});

/** Rows of each Markdown table: every one has the header's number of cells (unescaped pipes). */
function tableShapes(markdown: string): { header: number; rows: number[] }[] {
  const tables: { header: number; rows: number[] }[] = [];
  let current: { header: number; rows: number[] } | null = null;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      current = null;
      continue;
    }
    const cells = line.split(/(?<!\\)\|/).length - 2;
    if (!current) tables.push((current = { header: cells, rows: [] }));
    else current.rows.push(cells);
  }
  return tables;
}

describe('hostile model output', () => {
  it('stays inert in plain output, summary.md, bar.md, the HTML report, JUnit and the UI', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lanebar-hostile-'));
    const rows = Array.from({ length: 24 }, (_, i) => ({ id: `h${i + 1}`, topic: `topic ${i + 1}`, answer: `${HOSTILE[i % HOSTILE.length]} #${i + 1}` }));
    await writeFile(join(dir, 'cases.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: HOSTILE.join(' / '), type: 'invalid_request_error' } }));
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const suite = join(dir, 'hostile.yaml');
    await writeFile(
      suite,
      stringify({
        name: 'hostile',
        version: '1',
        lane: { id: 'hostile-lane', description: 'Answers that attack their reader', latency_class: 'bulk', budget: { first_token_p95_ms: 60_000, completion_p95_ms: 60_000, cost_per_accepted_usd: 1, min_pass_rate: 0.1 } },
        prompt: { version: '1', system: 'Repeat the answer.', template: 'Topic: {{topic}}' },
        dataset: { path: 'cases.jsonl', inputs: ['topic'], expected: ['answer'] },
        graders: [{ type: 'equals', expected: '{{answer}}' }],
        candidates: [
          { id: 'sim', provider: 'openai', model: 'gpt-4.1-mini', sim: 'sim-hostile' },
          { id: 'server', provider: 'openai-compatible', model: 'llama-3.1-8b-instruct', base_url: `${serverUrl}/v1` },
        ],
        run: { concurrency: 4, timeout_ms: 10_000, max_retries: 0 },
      }),
    );
    const models = join(dir, 'models.yaml');
    await writeFile(
      models,
      '# SIMULATED\n' +
        stringify({
          seed: 2,
          models: { 'sim-hostile': { accuracy: { 'hostile-lane': 0.5 }, ttft_ms: { p50: 5, p95: 10 }, output_tokens_per_s: 5000 } },
          tasks: { 'hostile-lane': { answer: '{{answer}}', wrong: ['{{$other.answer}}'] } },
        }),
    );
    sim = await simulatorFor([suite], models, 0);
    const reports = join(dir, 'reports');
    const step = join(dir, 'step.md');
    const child = lanebarChild(['run', suite, '--run-id', 'h', '--reports', reports, '--sim-models', models, '--sim-url', sim.url, '--junit', join(reports, 'h.xml'), '--bar'], dir, {
      GITHUB_STEP_SUMMARY: step,
    });
    const exit = await child.exited;
    expect(exit.code, child.stderr()).toBe(0);

    // The hostile text really went through: answers, grader reasons, the server's error.
    const j = parseJournal(join(reports, 'h', 'run.jsonl'));
    expect(j.cases.some((c) => c.output.includes('\u001b[2J'))).toBe(true);
    expect(j.cases.some((c) => c.output.includes('<script>'))).toBe(true);
    expect(j.cases.some((c) => c.pass) && j.cases.some((c) => !c.pass && c.candidate === 'sim')).toBe(true);
    expect(j.attempts.find((a) => a.candidate === 'server')?.error_message).toContain('<script>');

    // Plain output cannot move the cursor: no control character at all but the newline.
    expect(child.stdout()).not.toMatch(ANY_CONTROL);
    expect(child.stderr()).not.toMatch(ANY_CONTROL);

    // Markdown: every table keeps its shape; nothing in it is markup or a control character.
    for (const file of [join(reports, 'h', 'summary.md'), join(reports, 'h', 'bar.md'), step]) {
      const md = await readFile(file, 'utf8');
      expect(md, file).not.toMatch(ANY_CONTROL);
      expect(md, file).not.toMatch(/<script|<img/);
      const tables = tableShapes(md);
      expect(tables.length, file).toBeGreaterThan(0);
      for (const t of tables) for (const n of t.rows) expect(n, file).toBe(t.header);
    }

    // HTML: the text is there, escaped; no element of the model's makes it into the page.
    const html = await readFile(join(reports, 'h', 'index.html'), 'utf8');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script>alert|<img src=x|\u001b|\u0007|\u009b/);
    const xml = await readFile(join(reports, 'h.xml'), 'utf8');
    expect(xml).not.toMatch(/<script>|\u001b|\u0007/);

    // The UI, drawn from this journal: the failures of each candidate, one after another.
    const h = mount({ source: 'journal', records: j.records, columns: 120, rows: 40 });
    await h.until((f) => f.includes('▸ sim'), 'the table');
    await h.press(KEY.enter);
    let seen = 0;
    for (let i = 0; i < 8; i++) {
      const f = h.frame();
      expect(f).not.toMatch(MOVES_THE_TERMINAL);
      if (f.includes('output')) seen += 1;
      await h.press('j');
    }
    expect(seen).toBeGreaterThan(0);
    h.r.unmount();
  });

  it('quoted from a user file in an error message, cannot move the cursor either', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lanebar-hostile-'));
    const id = '\u001b[2J\u001b]0;pwned\u0007';
    await writeFile(join(dir, 'cases.csv'), `id,topic,answer\n"${id}",a,b\n"${id}",c,d\n`);
    await writeFile(
      join(dir, 's.yaml'),
      stringify({
        name: 's',
        version: '1',
        lane: { id: 'l', description: 'd', latency_class: 'bulk', budget: { first_token_p95_ms: 1, completion_p95_ms: 1, cost_per_accepted_usd: 1, min_pass_rate: 0.1 } },
        prompt: { version: '1', system: 's', template: '{{topic}}' },
        dataset: { path: 'cases.csv', inputs: ['topic'], expected: ['answer'] },
        graders: [{ type: 'equals', expected: '{{answer}}' }],
        candidates: [{ provider: 'openai', model: 'gpt-4.1-mini', sim: 'sim-mid' }],
      }),
    );
    const child = lanebarChild(['run', join(dir, 's.yaml'), '--target', 'sim', '--reports', join(dir, 'r')], dir);
    expect((await child.exited).code).toBe(2);
    expect(child.stderr()).toContain('duplicate id "\\x1b[2J\\x1b]0;pwned\\x07"');
    expect(child.stderr()).not.toMatch(ANY_CONTROL);
  });
});
