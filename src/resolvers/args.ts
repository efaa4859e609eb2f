/**
 * Argument shapes shared by several resolvers. Pothos checks each resolver against the arguments
 * its field declares, so these cannot drift from the schema.
 */

/** A field that takes one id. */
export interface IdArgs {
  id: string;
}

/** A connection field: forward pagination. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}
