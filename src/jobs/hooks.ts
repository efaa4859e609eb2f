/** What a stored analysis touched: enough for the response cache to evict the workflow's and the location's answers. */
export interface AnalysisCompleted {
  analysisId: string;
  workflowId: string;
  locationId: string;
  organizationId: string;
}

/**
 * Called once for every analysis a job stores (the sync path does not call it). The runtime
 * passes one in (src/runtime.ts, `onAnalysisCompleted`); it must not throw or block.
 */
export type AnalysisCompletedHook = (event: AnalysisCompleted) => void;
