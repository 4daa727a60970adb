// The kubectl versions --kubectl-version accepts: every minor kube-trace can model (cheap to import:
// no detection code).
import { MODELLED_BUILDS, minorOf } from '../trace/kubectl/identity.js';

export const KUBECTL_VERSIONS = MODELLED_BUILDS.map((b) => `1.${minorOf(b)}`);
