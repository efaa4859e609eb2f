import type { EntityManager } from '@mikro-orm/postgresql';
import type { TenantScope } from '../db/tenant-scope.js';
import type { Location, Workflow } from '../db/entities/index.js';
import { fromRow } from '../db/rows.js';
import { GRADES, type Grade } from '../db/entities/enums.js';

export interface LocationHealth {
  locationId: string;
  days: number;
  /** One entry per day that had completed analyses, oldest first, in the location's time zone. */
  daily: { date: string; averageScore: number; analyses: number }[];
  gradeDistribution: { grade: Grade; workflows: number }[];
  topRules: { ruleId: string; findings: number; workflows: number }[];
  atRisk: Workflow[];
}

/**
 * The health of one location: daily average score over `days` (the location_daily roll-up),
 * the grade distribution and most frequent rules over the live workflows' latest analyses, and
 * the workflows with the lowest scores (index workflows_live_by_location_score).
 */
export async function locationHealth(em: EntityManager, scope: TenantScope, location: Location, days: number): Promise<LocationHealth> {
  scope.assertLocation(location.id);
  const conn = em.getConnection();
  const [daily, grades, rules, risky] = await Promise.all([
    // The daily roll-up (migration location_daily, kept by triggers): at most `days` rows, the
    // last `days` days in the location's time zone, today included.
    conn.execute<{ day: string; avg: number; n: number }[]>(
      `select to_char(day, 'YYYY-MM-DD') as day, score_sum::float8 / analyses as avg, analyses as n
         from location_daily
        where location_id = ? and day > (now() at time zone ?)::date - ? and analyses > 0
        order by day`,
      [location.id, location.timezone, days],
    ),
    conn.execute<{ grade: Grade; n: number }[]>(
      `select latest_grade as grade, count(*)::int as n from workflows
        where location_id = ? and deleted_at is null and latest_grade is not null group by 1`,
      [location.id],
    ),
    conn.execute<{ rule_id: string; findings: number; workflows: number }[]>(
      `select f.rule_id, count(*)::int as findings, count(distinct w.id)::int as workflows
         from workflows w join findings f on f.analysis_id = w.latest_analysis_id
        where w.location_id = ? and w.deleted_at is null
        group by f.rule_id order by findings desc, f.rule_id limit 10`,
      [location.id],
    ),
    conn.execute<Record<string, unknown>[]>(
      `select id, organization_id, location_id, name, description, format, status, content_hash, node_count, version,
              latest_analysis_id, latest_score, latest_grade, created_at, updated_at, deleted_at
         from workflows
        where location_id = ? and deleted_at is null and latest_score is not null
        order by latest_score asc, id asc limit 5`,
      [location.id],
    ),
  ]);
  const byGrade = new Map(grades.map((g) => [g.grade, g.n]));
  return {
    locationId: location.id,
    days,
    daily: daily.map((d) => ({ date: d.day, averageScore: Math.round(d.avg * 10) / 10, analyses: d.n })),
    gradeDistribution: GRADES.map((grade) => ({ grade, workflows: byGrade.get(grade) ?? 0 })),
    topRules: rules.map((r) => ({ ruleId: r.rule_id, findings: r.findings, workflows: r.workflows })),
    atRisk: risky.map((row) => fromRow<Workflow>(row)),
  };
}
