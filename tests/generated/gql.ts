/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query Viewer {\n  viewer {\n    role\n    tier\n    organization {\n      name\n    }\n    locations {\n      id\n      name\n    }\n  }\n}": typeof types.ViewerDocument,
    "mutation ImportWorkflow($input: ImportWorkflowInput!) {\n  importWorkflow(input: $input) {\n    id\n    name\n    version\n    format\n    nodeCount\n    status\n    latestScore\n  }\n}\n\nmutation AnalyzeWorkflow($id: ID!) {\n  analyzeWorkflow(id: $id) {\n    reused\n    analysis {\n      id\n      healthScore\n      grade\n      findingCount\n      reusedFromId\n      findings {\n        ruleId\n        severity\n        nodeName\n        message\n      }\n    }\n  }\n}\n\nquery WorkflowWithHistory($id: ID!, $first: Int, $after: String) {\n  workflow(id: $id) {\n    id\n    name\n    version\n    latestScore\n    latestGrade\n    latestAnalysis {\n      id\n    }\n    analyses(first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          id\n          healthScore\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": typeof types.ImportWorkflowDocument,
};
const documents: Documents = {
    "query Viewer {\n  viewer {\n    role\n    tier\n    organization {\n      name\n    }\n    locations {\n      id\n      name\n    }\n  }\n}": types.ViewerDocument,
    "mutation ImportWorkflow($input: ImportWorkflowInput!) {\n  importWorkflow(input: $input) {\n    id\n    name\n    version\n    format\n    nodeCount\n    status\n    latestScore\n  }\n}\n\nmutation AnalyzeWorkflow($id: ID!) {\n  analyzeWorkflow(id: $id) {\n    reused\n    analysis {\n      id\n      healthScore\n      grade\n      findingCount\n      reusedFromId\n      findings {\n        ruleId\n        severity\n        nodeName\n        message\n      }\n    }\n  }\n}\n\nquery WorkflowWithHistory($id: ID!, $first: Int, $after: String) {\n  workflow(id: $id) {\n    id\n    name\n    version\n    latestScore\n    latestGrade\n    latestAnalysis {\n      id\n    }\n    analyses(first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          id\n          healthScore\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": types.ImportWorkflowDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Viewer {\n  viewer {\n    role\n    tier\n    organization {\n      name\n    }\n    locations {\n      id\n      name\n    }\n  }\n}"): typeof import('./graphql.js').ViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ImportWorkflow($input: ImportWorkflowInput!) {\n  importWorkflow(input: $input) {\n    id\n    name\n    version\n    format\n    nodeCount\n    status\n    latestScore\n  }\n}\n\nmutation AnalyzeWorkflow($id: ID!) {\n  analyzeWorkflow(id: $id) {\n    reused\n    analysis {\n      id\n      healthScore\n      grade\n      findingCount\n      reusedFromId\n      findings {\n        ruleId\n        severity\n        nodeName\n        message\n      }\n    }\n  }\n}\n\nquery WorkflowWithHistory($id: ID!, $first: Int, $after: String) {\n  workflow(id: $id) {\n    id\n    name\n    version\n    latestScore\n    latestGrade\n    latestAnalysis {\n      id\n    }\n    analyses(first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          id\n          healthScore\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}"): typeof import('./graphql.js').ImportWorkflowDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
