import type { DirectoryPort } from '@wawp-gateway/schema';

/** Options of {@link createInstanceResolver}. */
export interface InstanceResolverOptions {
  directory: Pick<DirectoryPort, 'getInstance'>;
  /** Maps a WAHA session name (`wawp-84729105`) to an instance id, when the gateway knows it. */
  instanceIdOfSession?: (sessionName: string) => string | null;
}

/**
 * The webhook plugin's `resolveInstance`: a delivery is ours when it names (or its session name
 * maps to) an instance registered in the directory; anything else is ignored.
 */
export function createInstanceResolver(options: InstanceResolverOptions) {
  return async (ref: {
    instanceId: string | null;
    sessionName: string | null;
  }): Promise<string | null> => {
    const byName = ref.sessionName
      ? (options.instanceIdOfSession?.(ref.sessionName) ?? null)
      : null;
    const instanceId = ref.instanceId ?? byName;
    if (instanceId === null) {
      return null;
    }
    const record = await options.directory.getInstance(instanceId);
    return record ? record.instanceId : null;
  };
}
