import { InjectedStoreFailure } from '../fail-after.js';

/** Counts round trips and says when the next one must fail. */
export interface FaultBudget {
  /** `true` when this round trip may go through; each call spends one. */
  spend(): boolean;
}

/** A budget of `okCalls` round trips; every later one fails. */
export function createFaultBudget(okCalls: number): FaultBudget {
  let left = okCalls;
  return { spend: () => left-- > 0 };
}

/** The error a failed round trip reports. */
export const injectedFailure = () => new InjectedStoreFailure();
