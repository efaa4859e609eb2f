/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Letter grade of a score: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60 (passing), F below. */
export type Grade =
  /** Score 90–100. */
  | 'A'
  /** Score 80–89. */
  | 'B'
  /** Score 70–79. */
  | 'C'
  /** Score 60–69: the lowest passing grade. */
  | 'D'
  /** Score below 60: failing. */
  | 'F';

/** A workflow exported from its platform (n8n export JSON, or NATIVE). */
export type ImportWorkflowInput = {
  /** Free text. */
  description?: string | null | undefined;
  /** Format; detected when omitted. */
  format?: WorkflowFormat | null | undefined;
  /** The location it belongs to. */
  locationId: string | number;
  /** Display name; default: the name inside the export. */
  name?: string | null | undefined;
  /** Lifecycle status (default ACTIVE). */
  status?: WorkflowStatus | null | undefined;
  /** The exported JSON (an object, or a string holding JSON). */
  workflow: unknown;
};

/** VIEWER reads; MEMBER also creates, edits and analyses; ADMIN also manages API keys and locations; OWNER also the subscription. */
export type Role =
  /** Also manages API keys and locations. */
  | 'ADMIN'
  /** Also creates, edits, deletes and analyses workflows. */
  | 'MEMBER'
  /** Also manages the subscription. */
  | 'OWNER'
  /** Reads workflows, analyses and locations. */
  | 'VIEWER';

/** How serious a finding is. */
export type Severity =
  /** Exploitable or certain to break: caps the overall score below passing. */
  | 'CRITICAL'
  /** Likely to cause failures, data loss or a security incident. */
  | 'HIGH'
  /** Advice; deducts little or nothing. */
  | 'INFO'
  /** A minor weakness or risky habit. */
  | 'LOW'
  /** A real weakness that should be fixed soon. */
  | 'MEDIUM';

/** Subscription tier; sets rate limits, batch sizes and history retention. */
export type Tier =
  /** The largest limits and unlimited history. */
  | 'ENTERPRISE'
  /** The free tier: the lowest limits and 30 days of history. */
  | 'FREE'
  /** The paid tier for teams: higher limits and a year of history. */
  | 'PRO';

/** N8N: an n8n workflow export. NATIVE: the platform-neutral format documented in docs/analyzer.md. */
export type WorkflowFormat =
  /** An n8n workflow export (the JSON of "Download" in n8n). */
  | 'N8N'
  /** The platform-neutral format documented in docs/analyzer.md. */
  | 'NATIVE';

/** Lifecycle status set by its owners. */
export type WorkflowStatus =
  /** In use. */
  | 'ACTIVE'
  /** Kept for reference; no longer used. */
  | 'ARCHIVED'
  /** Being written; not in use yet. */
  | 'DRAFT'
  /** Switched off for now. */
  | 'PAUSED';

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { role: Role, tier: Tier, organization: { name: string }, locations: Array<{ id: string, name: string }> } };

export type ImportWorkflowMutationVariables = Exact<{
  input: ImportWorkflowInput;
}>;


export type ImportWorkflowMutation = { importWorkflow: { id: string, name: string, version: number, format: WorkflowFormat, nodeCount: number, status: WorkflowStatus, latestScore: number | null } };

export type AnalyzeWorkflowMutationVariables = Exact<{
  id: string | number;
}>;


export type AnalyzeWorkflowMutation = { analyzeWorkflow: { reused: boolean, analysis: { id: string, healthScore: number | null, grade: Grade | null, findingCount: number, reusedFromId: string | null, findings: Array<{ ruleId: string, severity: Severity, nodeName: string | null, message: string }> } } };

export type WorkflowWithHistoryQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type WorkflowWithHistoryQuery = { workflow: { id: string, name: string, version: number, latestScore: number | null, latestGrade: Grade | null, latestAnalysis: { id: string } | null, analyses: { totalCount: number, edges: Array<{ node: { id: string, healthScore: number | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const ViewerDocument = new TypedDocumentString(`
    query Viewer {
  viewer {
    role
    tier
    organization {
      name
    }
    locations {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<ViewerQuery, ViewerQueryVariables>;
export const ImportWorkflowDocument = new TypedDocumentString(`
    mutation ImportWorkflow($input: ImportWorkflowInput!) {
  importWorkflow(input: $input) {
    id
    name
    version
    format
    nodeCount
    status
    latestScore
  }
}
    `) as unknown as TypedDocumentString<ImportWorkflowMutation, ImportWorkflowMutationVariables>;
export const AnalyzeWorkflowDocument = new TypedDocumentString(`
    mutation AnalyzeWorkflow($id: ID!) {
  analyzeWorkflow(id: $id) {
    reused
    analysis {
      id
      healthScore
      grade
      findingCount
      reusedFromId
      findings {
        ruleId
        severity
        nodeName
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AnalyzeWorkflowMutation, AnalyzeWorkflowMutationVariables>;
export const WorkflowWithHistoryDocument = new TypedDocumentString(`
    query WorkflowWithHistory($id: ID!, $first: Int, $after: String) {
  workflow(id: $id) {
    id
    name
    version
    latestScore
    latestGrade
    latestAnalysis {
      id
    }
    analyses(first: $first, after: $after) {
      totalCount
      edges {
        node {
          id
          healthScore
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<WorkflowWithHistoryQuery, WorkflowWithHistoryQueryVariables>;