import type { SessionBroadcast } from './cache/sessions.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { YogaInitialContext } from 'graphql-yoga';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { Viewer } from './auth/viewer.js';
import type { Orm } from './db/orm.js';
import { TenantScope } from './db/tenant-scope.js';
import { unauthenticated } from './errors.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { AppMetrics } from './metrics/app-metrics.js';
import type { Limits } from './limits/service.js';
import type { ResponseCache } from './cache/response-cache.js';
import type { Jobs } from './jobs/index.js';

/** Long-lived dependencies handed to the app factory (no module-level singletons). */
export interface AppDeps {
  config: Config;
  orm: Orm;
  log: Logger;
  /** This app instance's metrics; null when metrics are off. */
  metrics?: AppMetrics | null;
  /** Rate limits and analysis quotas: one set of counters per app instance. */
  limits: Limits;
  /** Tells every instance that resolved API keys changed (revoked, tier, role, locations). */
  sessionEvents: SessionBroadcast;
  /** The response cache (invalidation after writes); null when CACHE=off. */
  cache?: ResponseCache | null;
  /** Background analyses (queue and progress events); null when this app has none (ASYNC and batches answer 503). */
  jobs?: Jobs | null;
}

/** Per-request context: a forked EntityManager, the caller, and a request-scoped logger. */
export interface RequestContext {
  requestId: string;
  log: Logger;
  em: EntityManager;
  viewer: Viewer | null;
  /** The request carried the platform ADMIN_TOKEN. */
  platformAdmin: boolean;
  deps: AppDeps;
}

/** What resolvers receive: Yoga's own context (request, params) plus ours. */
export type AppContext = YogaInitialContext & RequestContext;

const forks = new WeakMap<object, EntityManager>();

/**
 * Gives request contexts their `em`, forked from the ORM's on first use, and their `log`, the
 * request's pino child, made on first use too. MikroORM's fork sets the configuration twice, and
 * each set writes to process.env: measured at 6% of an uncached list page's CPU, a page that
 * reads through the pool (readerOf) and needs no fork; a pino child serialises its bindings
 * (1% of the page), and most requests log nothing through it. Defined on the context object
 * itself: Envelop merges what a context factory returns with Object.assign, which would call a
 * getter at once.
 *
 * The descriptors are made once per app and read the context as `this`: with new getter
 * closures per request, every context got accessors of its own, which V8 keeps only in a slow
 * (dictionary) object. This, the same for the request log's info and a smaller cursor change gave
 * about 6% more list pages per second in an A/B (BENCHMARKS.md, the fifth pass).
 */
export function lazyRequestMembers(orm: Orm, logOf: (context: object) => Logger): (context: object) => void {
  const members: PropertyDescriptorMap = {
    em: {
      configurable: true,
      enumerable: true,
      get(this: object) {
        let em = forks.get(this);
        if (!em) forks.set(this, (em = orm.em.fork()));
        return em;
      },
    },
    log: {
      configurable: true,
      enumerable: true,
      get(this: object) {
        return logOf(this);
      },
    },
  };
  return (context) => Object.defineProperties(context, members);
}

/**
 * The EntityManager for statements that only go through readRows (list and history pages,
 * look-ups by id, location health): the request's fork once it has one, else the ORM's root
 * one, so a read-only request forks nothing. Nothing is loaded into it: the root refuses entity
 * work (allowGlobalContext is off), so a repository method that needs a real fork fails loudly.
 */
export function readerOf(ctx: Pick<AppContext, 'deps'>): EntityManager {
  return forks.get(ctx) ?? ctx.deps.orm.em;
}

const loaderCache = new WeakMap<object, Loaders>();

/** The request's batch loaders, created on first use and scoped to the caller. */
export function loadersOf(ctx: Pick<AppContext, 'viewer' | 'em'>): Loaders {
  let loaders = loaderCache.get(ctx);
  if (!loaders) loaderCache.set(ctx, (loaders = createLoaders(ctx.em, tenantOf(ctx))));
  return loaders;
}

/** The caller's tenant scope; UNAUTHENTICATED when there is no caller. */
export function tenantOf(ctx: Pick<AppContext, 'viewer'>): TenantScope {
  if (!ctx.viewer) throw unauthenticated();
  return TenantScope.forViewer(ctx.viewer);
}

export function viewerOf(ctx: Pick<AppContext, 'viewer'>): Viewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}
