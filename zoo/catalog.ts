import type { Bug } from './bug.ts';
import { SERVICES_BUGS } from './bugs/services.ts';
import { VOS_BUGS } from './bugs/vos.ts';

/** Every bug of the zoo, in list order. */
export const ZOO: readonly Bug[] = [...VOS_BUGS, ...SERVICES_BUGS];
