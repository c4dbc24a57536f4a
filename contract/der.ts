/**
 * DAOS error codes that are allowed outcomes (ERR-1). Names omit the `DER_` prefix; values are the
 * negative numbers DAOS returns. No other code is ever an allowed outcome.
 */
export const DER = {
  NO_PERM: -1001,
  NO_HDL: -1002,
  INVAL: -1003,
  EXIST: -1004,
  NONEXIST: -1005,
  NOSPACE: -1007,
  ALREADY: -1008,
  NOSYS: -1010,
  TIMEDOUT: -1011,
  BUSY: -1012,
  CSUM: -2021,
  TX_RESTART: -2025,
  DATA_LOSS: -2026,
  RF: -2031,
} as const;

export type DerName = keyof typeof DER;

export const DER_NAMES = Object.keys(DER) as DerName[];

export function isDerName(name: string): name is DerName {
  return Object.prototype.hasOwnProperty.call(DER, name);
}
