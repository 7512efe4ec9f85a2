/**
 * Loads the Ink UI, and only on the UI path, so the plain path never loads Ink or React.
 *
 * React picks its build when it is first loaded, from NODE_ENV: unset, it is the development
 * build, several times slower per frame (checks and warnings a user never sees). lanebar is not
 * a React app being developed, so the production build is chosen unless NODE_ENV says otherwise.
 */
export async function loadUi() {
  process.env.NODE_ENV ??= 'production';
  const [mount, store, state] = await Promise.all([import('../ui/mount.js'), import('../ui/store.js'), import('../ui/state.js')]);
  return { mountUi: mount.mountUi, createUiStore: store.createUiStore, initialState: state.initialState };
}

/** Loads the replay view, on the same terms. */
export async function loadReplayUi() {
  process.env.NODE_ENV ??= 'production';
  return (await import('../ui/replay/mount-replay.js')).mountReplayUi;
}
