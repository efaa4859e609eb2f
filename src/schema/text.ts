import { z } from 'zod';
import { unstorableText } from '../db/storable-text.js';

/**
 * A text argument: trimmed, `min`–`max` characters, and storable (no NUL, no unpaired
 * surrogate). Every free-text argument goes through this, so the limits read the same everywhere.
 */
export function text(max: number, min = 0) {
  return z
    .string()
    .trim()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .superRefine((value, ctx) => {
      const problem = unstorableText(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}
