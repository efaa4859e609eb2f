/** What a stored analysis touched: enough for the response cache to evict the workflow's and the location's answers. */
export interface AnalysisCompleted {
  analysisId: string;
  workflowId: string;
  locationId: string;
  organizationId: string;
}

/**
 * Told about every analysis a job stores (the sync path does not call it: its mutation's answer
 * evicts through the response cache itself). src/runtime.ts has the one such hook,
 * `onAnalysisCompleted`, fed by the `analysesStored` events of every worker process; a worker
 * can also take one directly (`startAnalysisWorker({ onAnalysisCompleted })`). It must not throw or block.
 */
export type AnalysisCompletedHook = (event: AnalysisCompleted) => void;
