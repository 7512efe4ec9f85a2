import { mkdirSync } from 'node:fs';
import OpenAI from 'openai';
import pMap from 'p-map';
import type { SampleJob } from '../../src/run/sample.js';
import { fromDist, ROOT } from './dist.ts';

export interface LayerInput {
  suite: string;
  url: string;
  concurrency: number;
  reports: string;
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Runs one layer of lanebar's call path over every case of the suite and returns the CPU spent
 * from the first call to the last result. Plans and jobs are built before the clock starts.
 */
export async function runLayer(layer: string, o: LayerInput): Promise<{ cpu_ms: number; cases: number }> {
  const { loadSuite } = await fromDist<typeof import('../../src/load/suite.js')>('load/suite.js');
  const { checkSuite, buildPlan } = await fromDist<typeof import('../../src/run/plan.js')>('run/plan.js');
  const { loadPriceBook } = await fromDist<typeof import('../../src/load/prices.js')>('load/prices.js');
  const { clientFactory } = await fromDist<typeof import('../../src/providers/registry.js')>('providers/registry.js');
  const runner = await fromDist<typeof import('../../src/run/runner.js')>('run/runner.js');
  const { runSample } = await fromDist<typeof import('../../src/run/sample.js')>('run/sample.js');
  const { toOpenAIMessages } = await fromDist<typeof import('../../src/providers/openai.js')>('providers/openai.js');
  const { plainProgress } = await fromDist<typeof import('../../src/report/plain-progress.js')>('report/plain-progress.js');

  const checked = await checkSuite(await loadSuite(o.suite), 'sim', {});
  const plan = buildPlan({ runId: 'layers', startedAt: new Date(), target: 'sim', checked: [checked], prices: loadPriceBook({ root: ROOT }), makeClient: clientFactory(o.url) });
  const never = new AbortController().signal;
  const jobs: SampleJob[] = [];
  for await (const j of runner.samples(plan, null, never)) jobs.push(j);

  let done = 0;
  const t0 = cpuMs();
  if (layer === 'sdk') {
    const client = new OpenAI({ baseURL: `${o.url}/v1`, apiKey: 'sim', maxRetries: 0 });
    await pMap(
      jobs,
      async (job) => {
        const stream = await client.chat.completions.create({
          model: job.candidate.served_by,
          messages: toOpenAIMessages(job.request),
          stream: true,
          stream_options: { include_usage: true },
          temperature: 0,
          max_completion_tokens: 16,
        });
        let out = '';
        for await (const chunk of stream) out += chunk.choices[0]?.delta?.content ?? '';
        if (out) done++;
      },
      { concurrency: o.concurrency },
    );
  } else if (layer === 'adapter') {
    await pMap(
      jobs,
      async (job) => {
        const timeout = AbortSignal.timeout(job.settings.timeout_ms);
        const r = await job.client.call(job.candidate.served_by, job.request, AbortSignal.any([timeout, never]), {
          suite: job.suite,
          candidate: job.candidate.id,
          caseId: job.caseId,
          repeat: job.repeat,
          attempt: 1,
        });
        if (r.ok) done++;
      },
      { concurrency: o.concurrency },
    );
  } else if (layer === 'sample') {
    const sleep = () => Promise.resolve();
    await pMap(
      jobs,
      async (job) => {
        const r = await runSample(job, { hardStop: never, random: Math.random, sleep, onStart: () => {}, onAttempt: () => {} });
        if (r?.status === 'graded') done++;
      },
      { concurrency: o.concurrency },
    );
  } else if (layer === 'runner') {
    mkdirSync(o.reports, { recursive: true });
    await runner.runPlan({
      plan,
      reportDir: o.reports,
      resume: null,
      subscribers: [plainProgress({ write: () => {} }), (e) => void (e.type === 'case' && e.record.status === 'graded' && done++)],
      concurrency: o.concurrency,
      perProviderConcurrency: o.concurrency,
      softStop: never,
      hardStop: never,
    });
  } else {
    throw new Error(`unknown layer ${layer}`);
  }
  return { cpu_ms: cpuMs() - t0, cases: done };
}
