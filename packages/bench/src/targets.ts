import type { ScenarioName } from './catalog.js';

/** A goal: `subject`'s req/s at least `min` times `reference`'s, in the same run. */
export interface Target {
  scenario: ScenarioName;
  subject: string;
  reference: string;
  min: number;
}

/** The targets of the benchmark issue, like with like (node:http vs node:http, Express vs Express). */
export const TARGETS: readonly Target[] = [
  { scenario: 'client_credentials', subject: 'kit-memory', reference: 'bare-store', min: 0.8 },
  { scenario: 'client_credentials', subject: 'kit-memory', reference: 'nos-http', min: 1.3 },
  { scenario: 'code_exchange', subject: 'kit-memory', reference: 'bare-store', min: 0.7 },
  { scenario: 'code_exchange', subject: 'kit-memory', reference: 'nos-http', min: 1.5 },
  { scenario: 'bearer', subject: 'kit-memory', reference: 'bare', min: 0.9 },
  { scenario: 'introspection', subject: 'kit-memory', reference: 'bare', min: 0.8 },
  { scenario: 'introspection', subject: 'kit-memory', reference: 'oidc-provider', min: 3 },
  {
    scenario: 'client_credentials',
    subject: 'kit-express-memory',
    reference: 'nos-express',
    min: 1.5,
  },
  { scenario: 'code_exchange', subject: 'kit-express-memory', reference: 'nos-express', min: 1.5 },
  { scenario: 'bearer', subject: 'kit-express-memory', reference: 'nos-express', min: 1.5 },
];
