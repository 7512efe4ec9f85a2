import { render, type Instance } from 'ink';
import { App, type UiServices } from './app.js';
import type { UiStore } from './store.js';

export interface MountOptions {
  store: UiStore;
  services: UiServices;
  resumeCommand: (runId: string) => string | null;
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
  fps?: number;
}

/**
 * Starts Ink on the alternate screen, as full-screen terminal programs do: when it closes, the
 * terminal is as it was and the plain report printed after it stays in the scrollback. Ctrl-C is
 * a key here (raw mode), handled by the app as a clean stop rather than a kill.
 */
export function mountUi(o: MountOptions): Instance {
  return render(<App store={o.store} services={o.services} resumeCommand={o.resumeCommand} fps={o.fps} />, {
    stdout: o.stdout,
    stdin: o.stdin,
    stderr: o.stderr,
    exitOnCtrlC: false,
    patchConsole: false,
    interactive: true,
    alternateScreen: true,
  });
}
