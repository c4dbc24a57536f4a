import type { Bug } from './bug.ts';
import { ARGS_BUGS } from './bugs/args.ts';
import { DATA_PATH_BUGS } from './bugs/data-path.ts';
import { INVARIANTS_BUGS } from './bugs/invariants.ts';
import { PLACEMENT_BUGS } from './bugs/placement.ts';
import { RF_BUGS, SERVICES_BUGS } from './bugs/services.ts';
import { SIM_BUGS } from './bugs/sim.ts';
import { VOS_BUGS } from './bugs/vos.ts';

/** Every bug of the zoo, in list order. */
export const ZOO: readonly Bug[] = [
  ...VOS_BUGS, ...PLACEMENT_BUGS, ...SERVICES_BUGS, ...RF_BUGS, ...ARGS_BUGS, ...SIM_BUGS, ...INVARIANTS_BUGS, ...DATA_PATH_BUGS,
];
