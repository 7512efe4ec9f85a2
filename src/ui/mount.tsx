import { render, type Instance, type RenderOptions } from 'ink';
import { App, type UiServices } from './app.js';
import type { UiStore } from './store.js';

export interface TerminalStreams {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
}

export interface MountOptions extends TerminalStreams {
  store: UiStore;
  services: UiServices;
  resumeCommand: (runId: string) => string | null;
  fps?: number;
}

/**
 * Ink on the alternate screen, as full-screen terminal programs do: when it closes, the terminal
 * is as it was and the plain report printed after it stays in the scrollback. Ctrl-C is a key
 * here (raw mode), handled by the app (a clean stop rather than a kill).
 */
export const screenOptions = (t: TerminalStreams): RenderOptions => ({
  stdout: t.stdout,
  stdin: t.stdin,
  stderr: t.stderr,
  exitOnCtrlC: false,
  patchConsole: false,
  interactive: true,
  alternateScreen: true,
});

/** Starts the run view. */
export function mountUi(o: MountOptions): Instance {
  return render(<App store={o.store} services={o.services} resumeCommand={o.resumeCommand} fps={o.fps} />, screenOptions(o));
}
