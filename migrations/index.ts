import { Migration20261128000000_initial } from './Migration20261128000000_initial.js';
import { Migration20261129000000_location_daily } from './Migration20261129000000_location_daily.js';
import { Migration20261129010000_location_current } from './Migration20261129010000_location_current.js';
import { Migration20261130000000_location_workflow_counts } from './Migration20261130000000_location_workflow_counts.js';

/**
 * Every migration, in order. Listed explicitly so that the migrator works the same from tsx,
 * from compiled code and under vitest (no file globbing). Add each new one to names.ts too.
 */
export const migrationsList = [
  { name: 'Migration20261128000000_initial', class: Migration20261128000000_initial },
  { name: 'Migration20261129000000_location_daily', class: Migration20261129000000_location_daily },
  { name: 'Migration20261129010000_location_current', class: Migration20261129010000_location_current },
  { name: 'Migration20261130000000_location_workflow_counts', class: Migration20261130000000_location_workflow_counts },
];
