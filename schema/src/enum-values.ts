/**
 * Turns a `value -> description` table into Pothos enum values, so that every enum value carries
 * a GraphQL description and the TypeScript union stays the source of the value names.
 */
export function enumValues<Value extends string>(
  descriptions: Record<Value, string>,
): Record<Value, { description: string }> {
  const values = {} as Record<Value, { description: string }>;
  for (const [value, description] of Object.entries(descriptions) as [Value, string][]) {
    values[value] = { description };
  }
  return values;
}
