import { getRuleCatalog } from '../analyzer/index.js';

/** Resolver of the public rule catalog (no API key, no database). */

export const ruleQueries = {
  rules: () => getRuleCatalog(),
};
