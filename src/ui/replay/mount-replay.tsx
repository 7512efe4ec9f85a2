import { render, type Instance } from 'ink';
import type { Replay } from '../../schema/replay-result.js';
import { screenOptions, type TerminalStreams } from '../mount.js';
import { ReplayApp } from './replay-app.js';

/** Opens the replay view on the alternate screen; q or Ctrl-C closes it. */
export function mountReplayUi(replay: Replay, term: TerminalStreams): Instance {
  return render(<ReplayApp replay={replay} />, screenOptions(term));
}
