import { DirectiveLocation, GraphQLDirective, GraphQLInt, GraphQLNonNull, type GraphQLSchema } from 'graphql';
import { MapperKind, getDirective, mapSchema } from '@graphql-tools/utils';
import { rateLimitDirective, type RateLimitPointsCalculator } from 'graphql-rate-limit-directive';
import type { IRateLimiterOptions, RateLimiterAbstract } from 'rate-limiter-flexible';
import type { AppContext } from '../context.js';
import { ANALYSIS_QUOTA_UNITS, ANALYSIS_WINDOW_SECONDS, type Limits } from './service.js';

/**
 * The analysis quota (analyses per hour per organization, by tier) is `@rateLimit` from
 * graphql-rate-limit-directive on every field that runs analyses. The directive's `limit` is the
 * quota in units (see ANALYSIS_QUOTA_UNITS) and the points calculator charges the caller's tier
 * per analysis, so one directive serves every tier; the key is the organization (and its tier),
 * never the directive's default `Type.field` key that all callers would share.
 *
 * A field that runs N analyses in one call (a batch) declares how to count them:
 *
 *   analyzeWorkflows: t.field({ …, ...analysisQuota((args) => (args.input as { ids: string[] }).ids.length) })
 *
 * Work that does not go through a field (a worker, a sweeper) calls `limits.consumeAnalyses(viewer, n)`.
 *
 * Counted: every call the quota accepts, including one that reuses an identical earlier result
 * (it is charged before the resolver knows). A call that fails (refused by the quota, unknown
 * id, invalid definition, role too low) is refunded.
 */

export const RATE_LIMIT_DIRECTIVE_NAME = 'rateLimit';

/** The directive's definition in the schema (both arguments required: see STACK.md). */
export const rateLimitDirectiveDefinition = new GraphQLDirective({
  name: RATE_LIMIT_DIRECTIVE_NAME,
  description: 'Limits how often a field runs: `limit` points per `duration` seconds, counted per organization; the analysis fields charge each tier its share of the hourly analysis quota.',
  locations: [DirectiveLocation.FIELD_DEFINITION],
  args: {
    limit: { type: new GraphQLNonNull(GraphQLInt), description: 'Points allowed per duration.' },
    duration: { type: new GraphQLNonNull(GraphQLInt), description: 'Window length in seconds.' },
  },
});

/** How many analyses one call of a field runs, from its arguments (1 for a single analysis). */
export type AnalysisCount = (args: Record<string, unknown>) => number;

/**
 * The points calculator of the analysis fields: `count(args)` analyses at the caller's tier
 * price; 0 (not counted) without a caller, for an unlimited tier, or with RATE_LIMITS=off.
 */
export function analysisPoints(count: AnalysisCount = () => 1): RateLimitPointsCalculator<AppContext> {
  return (_directiveArgs, _source, args, ctx) => (ctx.viewer ? ctx.deps.limits.analysisUnits(ctx.viewer, count(args)) : 0);
}

/** Field options that put a field under the analysis quota: spread them into `t.field({ … })`. */
export function analysisQuota(count?: AnalysisCount) {
  return {
    directives: { rateLimit: { limit: ANALYSIS_QUOTA_UNITS, duration: ANALYSIS_WINDOW_SECONDS } },
    extensions: { [RATE_LIMIT_DIRECTIVE_NAME]: { pointsCalculator: analysisPoints(count) } },
  };
}

/**
 * The directive builds its limiter with `new limiterClass(options)`; a constructor that returns an
 * object yields that object, so the directive consumes through the app's own analysis counter.
 * (In memory mode a second limiter would be a second, separate count.)
 */
function sharedLimiterClass(limiter: RateLimiterAbstract): typeof RateLimiterAbstract {
  function SharedAnalysisLimiter(options: IRateLimiterOptions) {
    if (options.points !== ANALYSIS_QUOTA_UNITS || options.duration !== ANALYSIS_WINDOW_SECONDS) {
      throw new Error(`@rateLimit(limit: ${options.points}, duration: ${options.duration}) is not the analysis quota: use analysisQuota()`);
    }
    return limiter;
  }
  return SharedAnalysisLimiter as unknown as typeof RateLimiterAbstract;
}

/** Applies the analysis quota of this app instance to the built schema. */
export function applyAnalysisQuota(schema: GraphQLSchema, limits: Limits): GraphQLSchema {
  const { rateLimitDirectiveTransformer } = rateLimitDirective<AppContext>({
    name: RATE_LIMIT_DIRECTIVE_NAME,
    keyGenerator: (_directiveArgs, _source, _args, ctx) => limits.analysisKey(ctx.viewer!),
    pointsCalculator: analysisPoints(),
    onLimit: (res, _directiveArgs, _source, _args, ctx) => {
      throw limits.refuseAnalyses(ctx.viewer!, res);
    },
    setState: (res, _directiveArgs, _source, _args, ctx) => limits.noteAnalyses(ctx, limits.analysisWindowOf(ctx.viewer!, res)),
    limiterClass: sharedLimiterClass(limits.analysisLimiter),
  });
  return refundFailures(rateLimitDirectiveTransformer(schema), limits);
}

/** Gives the units back when a charged call fails: by the quota's refusal or for another reason. */
function refundFailures(schema: GraphQLSchema, limits: Limits): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field) => {
      if (!getDirective(schema, field, RATE_LIMIT_DIRECTIVE_NAME)?.[0] || !field.resolve) return field;
      const limited = field.resolve;
      const points = (field.extensions?.[RATE_LIMIT_DIRECTIVE_NAME] as { pointsCalculator?: RateLimitPointsCalculator<AppContext> } | undefined)
        ?.pointsCalculator ?? analysisPoints();
      return {
        ...field,
        resolve: async (source, args, ctx: AppContext, info) => {
          try {
            return await limited(source, args, ctx, info);
          } catch (error) {
            // A refused call was counted too (the counter grows on every attempt): give it back as
            // well, so a refused batch does not use up what single analyses may still spend.
            const units = !ctx.viewer ? 0 : await points({ limit: ANALYSIS_QUOTA_UNITS, duration: ANALYSIS_WINDOW_SECONDS }, source, args, ctx, info);
            if (units > 0) await limits.refundAnalysisUnits(ctx, ctx.viewer!, units);
            throw error;
          }
        },
      };
    },
  });
}
