export { furyCheckCommand, furyCreate, furyInfoCommand, furyUpdate, negotiatedProperties } from './fury';
export { rgpRestoreReport, rgpRestoreRequest } from './rgp';
export { scheduledDeleteUpdate } from './scheduled-delete';
export { secDnsCreate, secDnsUpdate } from './secdns';
export { sidnContactExt, sidnDomainCancelDelete, type SidnLegalForm } from './sidn-ext';
