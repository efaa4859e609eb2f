/**
 * The names of every migration, in order: what the `mikro_orm_migrations` table records once one
 * is applied. Kept apart from the migration classes (index.ts), which load the migrator and its
 * dependencies (umzug, @rushstack/*: a fifth of the modules of a start): /ready and a start with
 * nothing to apply compare these names with the table and never load them. A unit test keeps
 * this list and index.ts in step.
 */
export const MIGRATION_NAMES: readonly string[] = ['Migration20261128000000_initial', 'Migration20261129000000_location_daily', 'Migration20261129010000_location_current', 'Migration20261130000000_location_workflow_counts'];
