import { builder } from './builder';

/** The `instanceId: ID!` argument shared by every operation on one instance. */
export const instanceIdArgs = builder.args((t) => ({
  instanceId: t.id({
    required: true,
    description:
      'The Wawp instance id. An id you may not see and an unknown id both give NOT_FOUND.',
  }),
}));
