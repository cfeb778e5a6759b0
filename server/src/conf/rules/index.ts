/** Every whole-configuration rule, in the order their findings are listed. */
import { missingFile, plaintextPasswordFile } from './fileRules';
import {
  incompleteTls,
  listenerAllInterfaces,
  listenerConflict,
  noListener,
  tlsVersion,
  websocketsRules,
} from './listenerRules';
import { noQueueByteLimit, persistenceOff, sessionsNeverExpire, sysDisabled, unboundedQueue } from './persistenceRules';
import type { ConfRule } from './rule';
import { anonymousOnPublicListener, listenerRefusesEveryone, noAcl, plaintextCredentials } from './securityRules';

export const CONF_RULES: readonly ConfRule[] = [
  listenerConflict,
  websocketsRules,
  incompleteTls,
  tlsVersion,
  anonymousOnPublicListener,
  plaintextCredentials,
  listenerRefusesEveryone,
  noAcl,
  listenerAllInterfaces,
  noListener,
  persistenceOff,
  unboundedQueue,
  noQueueByteLimit,
  sessionsNeverExpire,
  sysDisabled,
  missingFile,
  plaintextPasswordFile,
];
