/**
 * `truecaller-web-login/simulator`: a Truecaller stand-in for tests, demos and CI (Truecaller has no sandbox),
 * and `checkIntegration`, which proves an app's routes against it over HTTP. Web-platform APIs only, except
 * `listen()` (the runtime's `node:http`, loaded on first use) and `handlers` (msw, an optional peer, loaded when
 * read). ESM and CJS.
 *
 * @example
 * ```ts
 * import { TruecallerSimulator, checkIntegration } from 'truecaller-web-login/simulator'
 *
 * const simulator = new TruecallerSimulator({ appKey: 'test-app-key' })
 * const truecaller = await simulator.listen()
 * ```
 *
 * @packageDocumentation
 */

// The engine, the transports and the scenarios stay internal: users reach them through these names only.
export type {
  CheckIntegrationOptions,
  IntegrationPaths,
  IntegrationReport,
  IntegrationScenario,
  ScenarioResult,
} from './checkIntegration/checkIntegration.js';
export { checkIntegration, INTEGRATION_SCENARIOS } from './checkIntegration/checkIntegration.js';
export type { TokenGrant } from './engine.js';
export type { InjectedFault, InjectOptions, SimulatedEndpoint, SimulatedFault } from './faults.js';
export type {
  PhoneAnswer,
  SimulatedDecision,
  SimulatedUser,
  SimulatedUsers,
  TruecallerSimulatorOptions,
} from './options.js';
export type { CallbackAttempt, SimulatedCallback, SimulatedRequest } from './records.js';
export { TruecallerSimulator } from './TruecallerSimulator.js';
export type { ListenOptions, SimulatorServer } from './transports/listen.js';
export type { SignInFlow } from './wire.js';
