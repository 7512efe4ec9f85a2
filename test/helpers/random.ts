/** Deterministic uniform numbers in [0, 1), the generator of the bundled datasets: a failing seed can be run again. */
export { mulberry32 as seeded } from '../../scripts/make-datasets.js';
