import type { GraphQLSchema } from 'graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';

/** The committed contract: `schema/schema.graphql`, relative to this file. */
export const SDL_FILE = new URL('../schema.graphql', import.meta.url);

/** The SDL as committed: lexicographically sorted, so diffs show only real changes. */
export function printSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
