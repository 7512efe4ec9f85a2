import { randomBytes } from 'node:crypto';

/** Sortable, filesystem-safe and unique enough: 2026-11-23T11-05-12Z-3fa9. */
export const newRunId = (at: Date): string =>
  `${at.toISOString().slice(0, 19).replace(/:/g, '-')}Z-${randomBytes(2).toString('hex')}`;

export const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
