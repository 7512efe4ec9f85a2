/**
 * The lowest floor: Node's own fetch and server-sent events parsed by hand, no SDK. What a
 * streamed chat completion costs the client when nothing at all sits between it and the socket.
 */
import { runFloor } from '../lib/floor.ts';

interface Chunk {
  choices?: { delta?: { content?: string | null } }[];
}

await runFloor(async (url, spec, messages) => {
  const t0 = performance.now();
  let ttft: number | null = null;
  let output = '';
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sim' },
    body: JSON.stringify({
      model: spec.model,
      messages,
      stream: true,
      stream_options: { include_usage: true },
      temperature: spec.temperature,
      max_completion_tokens: spec.max_tokens,
    }),
  });
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const bytes of res.body) {
    buffer += decoder.decode(bytes, { stream: true });
    let end: number;
    // An SSE event ends with a blank line; its `data:` line is one JSON chunk or [DONE].
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (!event.startsWith('data: ')) continue;
      const data = event.slice(6);
      if (data === '[DONE]') continue;
      const delta = (JSON.parse(data) as Chunk).choices?.[0]?.delta?.content;
      if (delta) {
        ttft ??= performance.now() - t0;
        output += delta;
      }
    }
  }
  return { output, ttftMs: ttft, completionMs: performance.now() - t0 };
});
