import { builder } from './builder.js';
import { TierEnum, ViewerRef } from './viewer.js';
import { viewerFields } from '../resolvers/viewer.js';
import type { LimitWindow, Usage } from '../limits/refusal.js';

/** The caller's rate limits and quotas (DESIGN §6), as `viewer.usage`. */

const UsageWindowRef = builder.objectRef<LimitWindow>('UsageWindow');
UsageWindowRef.implement({
  description: 'One limit and what is left of it in the current window; all null when the limit does not apply (unlimited tier, or limits off).',
  fields: (t) => ({
    limit: t.exposeInt('limit', { nullable: true, description: 'Allowed per window.' }),
    remaining: t.exposeInt('remaining', { nullable: true, description: 'Left in the current window, this request counted.' }),
    resetAt: t.expose('resetAt', { type: 'DateTime', nullable: true, description: 'When the current window ends.' }),
  }),
});

export const UsageRef = builder.objectRef<Usage>('Usage');
UsageRef.implement({
  description: 'Rate limits and quotas of the organization tier, and what is left of them.',
  fields: (t) => ({
    tier: t.expose('tier', { type: TierEnum, description: 'The organization tier the limits come from.' }),
    requests: t.field({
      type: UsageWindowRef,
      description: 'Requests per minute (REST and GraphQL together): the tighter of the organization and API-key limits.',
      resolve: (u) => u.requests,
    }),
    analyses: t.field({ type: UsageWindowRef, description: 'Analyses per hour for the organization.', resolve: (u) => u.analyses }),
  }),
});

builder.objectField(ViewerRef, 'usage', (t) =>
  t.field({
    type: UsageRef,
    description: 'Rate limits and analysis quota of the organization tier, and what is left of them (also sent as RateLimit-* headers).',
    resolve: viewerFields.usage,
  }),
);
