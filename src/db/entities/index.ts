export * from './enums.js';
export { Organization, Subscription } from './organization.js';
export { Location } from './location.js';
export { User, UserLocation } from './user.js';
export { ApiKey } from './api-key.js';
export { Workflow } from './workflow.js';
export { Analysis, Finding, AnalysisBatch } from './analysis.js';

import { Organization, Subscription } from './organization.js';
import { Location } from './location.js';
import { User, UserLocation } from './user.js';
import { ApiKey } from './api-key.js';
import { Workflow } from './workflow.js';
import { Analysis, Finding, AnalysisBatch } from './analysis.js';

export const ALL_ENTITIES = [Organization, Subscription, Location, User, UserLocation, ApiKey, Workflow, Analysis, Finding, AnalysisBatch];
