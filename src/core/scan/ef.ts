import type { Workspace } from '../workspace.js';
import type { EfScan, Scan } from './model.js';

/** The part of the scan that EF detection can rely on. */
export type ScanSoFar = Omit<Scan, 'ef' | 'signing'> & { otherFiles: string[] };

/**
 * EF Core store detection: AddConfigurationStore/AddOperationalStore, the store
 * contexts (the package's or subclasses), their migrations folders and projects.
 */
export function scanEf(_workspace: Workspace, _scan: ScanSoFar): EfScan {
  return { storeRegistrations: [], contexts: [], migrationsAssemblies: [] };
}
