import type { DeviceCodeDecision } from './device-code-store.js';
import { serializeRecordExtensions } from './record-extensions.js';

/**
 * The columns `decideDeviceCode` writes for a decision: `status` and `decidedAt`, and for an
 * approval the user, the granted scope and, when the decision carries them, the extensions as
 * JSON text (without them, the saved ones stay).
 *
 * @example
 * await rows.updateMany({ where: { deviceCodeDigest, status: 'pending' }, data: deviceCodeDecisionRow(decision, now) });
 */
export function deviceCodeDecisionRow(decision: DeviceCodeDecision, now: Date) {
  if (decision.status !== 'approved') return { status: 'denied' as const, decidedAt: now };
  return {
    status: 'approved' as const,
    decidedAt: now,
    userId: decision.userId,
    grantedScope: decision.grantedScope,
    ...(decision.extensions !== undefined && {
      extensions: serializeRecordExtensions(
        'decideDeviceCode',
        'decision.extensions',
        decision.extensions,
      ),
    }),
  };
}
