import { Gauge, type Registry } from 'prom-client';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../logger.js';
import { SUBSCRIPTION_STATUSES, TIERS } from '../db/entities/enums.js';

/**
 * Every business gauge from one statement. `users_last_active` serves the two user counts;
 * organizations and subscriptions are small tables; workflows is one count of live rows.
 */
export const BUSINESS_QUERY = `
select
  (select count(*) from users where last_active_at > now() - interval '24 hours')::int as active_24h,
  (select count(*) from users where last_active_at > now() - interval '30 days')::int as active_30d,
  (select coalesce(jsonb_object_agg(tier, n), '{}') from (select tier, count(*)::int as n from organizations group by tier) t) as organizations,
  (select coalesce(jsonb_object_agg(status, n), '{}') from (select status, count(*)::int as n from subscriptions group by status) s) as subscriptions,
  (select count(*) from workflows where deleted_at is null)::int as workflows`;

interface BusinessRow {
  active_24h: number;
  active_30d: number;
  organizations: Record<string, number>;
  subscriptions: Record<string, number>;
  workflows: number;
}

export interface BusinessMetrics {
  /** Runs the one query and sets every gauge. */
  refresh(orm: Orm): Promise<void>;
}

/**
 * `wh_active_users{window}`, `wh_organizations{tier}`, `wh_subscriptions{status}` and
 * `wh_workflows`: platform-wide counts, labelled only by our own enums (never a tenant).
 * They are refreshed on a timer (`startBusinessRefresh`), not per scrape: a scrape never runs SQL.
 */
export function createBusinessMetrics(registry: Registry): BusinessMetrics {
  const activeUsers = new Gauge({
    name: 'wh_active_users',
    help: 'Users who called the API within the window (24h, 30d), as of the last refresh.',
    labelNames: ['window'] as const,
    registers: [registry],
  });
  const organizations = new Gauge({
    name: 'wh_organizations',
    help: 'Organizations by tier (FREE, PRO, ENTERPRISE), as of the last refresh.',
    labelNames: ['tier'] as const,
    registers: [registry],
  });
  const subscriptions = new Gauge({
    name: 'wh_subscriptions',
    help: 'Subscriptions by status (ACTIVE, PAST_DUE, CANCELED), as of the last refresh.',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const workflows = new Gauge({
    name: 'wh_workflows',
    help: 'Workflows not deleted, across all organizations, as of the last refresh.',
    registers: [registry],
  });

  return {
    async refresh(orm) {
      const [row] = await orm.em.getConnection().execute<BusinessRow[]>(BUSINESS_QUERY);
      if (!row) return;
      activeUsers.set({ window: '24h' }, row.active_24h);
      activeUsers.set({ window: '30d' }, row.active_30d);
      // Every enum value is set, so a tier with no organization reads 0 rather than vanishing.
      for (const tier of TIERS) organizations.set({ tier }, row.organizations[tier] ?? 0);
      for (const status of SUBSCRIPTION_STATUSES) subscriptions.set({ status }, row.subscriptions[status] ?? 0);
      workflows.set(row.workflows);
    },
  };
}

/**
 * Refreshes the business gauges now and then every `intervalMs`. The timer does not keep the
 * process alive; `stop()` ends it (graceful shutdown). A failed refresh keeps the last values
 * and is logged by its class only.
 */
export function startBusinessRefresh(options: { metrics: BusinessMetrics; orm: Orm; intervalMs: number; log: Logger }): {
  /** Ends the timer and waits for a refresh under way (the pool closes next). */
  stop(): Promise<void>;
  /** The first refresh. */
  ready: Promise<void>;
} {
  const { metrics, orm, intervalMs, log } = options;
  let running: Promise<void> | null = null;
  const refresh = () =>
    (running ??= metrics
      .refresh(orm)
      .catch((error: { code?: string; name?: string }) => log.warn({ code: error?.code ?? error?.name }, 'business metrics refresh failed'))
      .finally(() => {
        running = null;
      }));
  const ready = refresh();
  const timer = setInterval(refresh, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
    ready,
  };
}
