/**
 * The floor with the official SDK: the same streamed calls (include_usage) as lanebar makes, in a
 * bare p-map loop, with no harness around them.
 */
import OpenAI from 'openai';
import { runFloor } from '../lib/floor.ts';

let client: OpenAI | undefined;

await runFloor(async (url, spec, messages) => {
  client ??= new OpenAI({ baseURL: `${url}/v1`, apiKey: 'sim', maxRetries: 0 });
  const t0 = performance.now();
  let ttft: number | null = null;
  let output = '';
  const stream = await client.chat.completions.create({
    model: spec.model,
    messages,
    stream: true,
    stream_options: { include_usage: true },
    temperature: spec.temperature,
    max_completion_tokens: spec.max_tokens,
  });
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta?.content;
    if (delta) {
      ttft ??= performance.now() - t0;
      output += delta;
    }
  }
  return { output, ttftMs: ttft, completionMs: performance.now() - t0 };
});
