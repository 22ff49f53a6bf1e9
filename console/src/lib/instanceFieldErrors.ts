import { ErrorCode } from '@wawp-gateway/schema/protocol';
import type { CommandResult } from './createCommand';

/** What a taken external ref says beside its field. */
export const EXTERNAL_REF_TAKEN = 'Already used by another instance of this tenant';

const FIELDS = new Set(['label', 'externalRef', 'instanceId']);

/**
 * The field error of a failed create/register, for the field it names: a `CONFLICT` on
 * `externalRef` reads `EXTERNAL_REF_TAKEN`, a `BAD_USER_INPUT` keeps the gateway's reason. Null
 * when the failure names no field of the form (it is then shown as the form's message).
 */
export function instanceFieldError(
  result: CommandResult<unknown>,
): { field: 'label' | 'externalRef' | 'instanceId'; message: string } | null {
  if (result.ok || !result.field || !FIELDS.has(result.field.name)) {
    return null;
  }
  const field = result.field.name as 'label' | 'externalRef' | 'instanceId';
  const taken = field === 'externalRef' && result.field.code === ErrorCode.Conflict;
  return { field, message: taken ? EXTERNAL_REF_TAKEN : result.field.message };
}
