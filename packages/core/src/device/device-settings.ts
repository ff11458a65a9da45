import type { DeviceAuthorizationConfig, ResolvedConfig } from '../config/server-config.js';
import { ServerError } from '../errors/errors.js';

/**
 * `config.deviceAuthorization`, resolved. The server registers the device endpoint and grant
 * only when it is set; one registered by hand on a server without it is a wiring mistake,
 * answered 500 (nothing is issued).
 */
export function deviceAuthorizationSettings(
  config: ResolvedConfig,
): Required<DeviceAuthorizationConfig> {
  const settings = config.deviceAuthorization;
  if (settings === null) {
    throw new ServerError({
      cause: new TypeError('the device authorization grant needs config.deviceAuthorization'),
    });
  }
  return settings;
}
