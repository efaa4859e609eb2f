import type { Rule } from '../rule.js';
import { defaultNodeName } from './default-node-name.js';
import { legacyNode } from './legacy-node.js';
import { longCode } from './long-code.js';
import { pinnedData } from './pinned-data.js';
import { tooLarge } from './too-large.js';

/** Maintainability rules, in the order RULES.md lists them. */
export const maintainabilityRules: Rule[] = [defaultNodeName, tooLarge, longCode, pinnedData, legacyNode];
