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
 * the grade distribution and most frequent rules over the live workflows' latest analyses (the
 * location_current roll-up), and the workflows with the lowest scores (index workflows_live_by_location_score).
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
    // The current roll-up (migration location_current, kept by triggers on workflows): one row.
    conn.execute<{ grade: Grade; n: number }[]>(
      `select g.grade, g.n from location_current c
         cross join lateral (values ('A', c.grade_a), ('B', c.grade_b), ('C', c.grade_c), ('D', c.grade_d), ('F', c.grade_f)) as g(grade, n)
        where c.location_id = ? and g.n > 0`,
      [location.id],
    ),
    conn.execute<{ rule_id: string; findings: number; workflows: number }[]>(
      `select f.key as rule_id, f.value::int as findings, coalesce((c.rule_workflows ->> f.key)::int, 0) as workflows
         from location_current c cross join lateral jsonb_each_text(c.rule_findings) f
        where c.location_id = ? and f.value::int > 0
        order by findings desc, rule_id limit 10`,
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
