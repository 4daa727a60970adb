// What an admission step sees and answers (kube's admission.Attributes, reduced to what the sandbox's
// plugins read), and the store lookups they may make.

import type { ResourceDef } from '../resources.js';
import type { UserInfo } from '../rbac.js';
import type { ApiStatusError } from '../writes/errors.js';
import type { JsonObject } from '../writes/values.js';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AdmissionAttributes {
  operation: Operation;
  def: ResourceDef;
  namespace: string;
  name: string;
  subresource: string;
  /** The object being written (mutating plugins change it in place); null for DELETE. */
  object: JsonObject | null;
  oldObject: JsonObject | null;
  user: UserInfo;
  dryRun: boolean;
  /** Reads one stored object by key (undefined when there is none). */
  get(key: string): Promise<JsonObject | undefined>;
  /** Reads every stored object under a key prefix. */
  list(prefix: string): Promise<JsonObject[]>;
  /** Warning: 299 headers for the response. */
  warnings: string[];
}

export interface AdmissionPlugin {
  name: string;
  /** Which operations and resources it handles (others pass it by: not recorded). */
  handles(a: AdmissionAttributes): boolean;
  /** Mutates a.object in place, or throws an ApiStatusError to refuse. Returns the decisive expression for a policy. */
  admit(a: AdmissionAttributes): Promise<{ expression?: string; note?: string } | undefined>;
}

export type Refusal = ApiStatusError;
