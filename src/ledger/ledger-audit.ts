import { NoteVerifier } from './checkpoint/signed-note';
import { LedgerRepository } from './ledger.repository';
import { LedgerVerification, LedgerVerifier } from './ledger-verification';

/**
 * Verifies the stored ledger with the given checkpoint verifier key(s): shared by the service (API)
 * and the command line, which needs only the public key.
 */
export async function verifyStoredLedger(
  repository: LedgerRepository,
  verifiers: readonly NoteVerifier[],
  origin: string,
): Promise<LedgerVerification> {
  const checkpoints = await repository.checkpoints();
  const verifier = new LedgerVerifier(
    verifiers,
    origin,
    checkpoints.map((c) => c.treeSize),
  );
  for await (const row of repository.allEntries()) verifier.addEntry(row);
  for (const cp of checkpoints) verifier.addCheckpoint(cp);
  return verifier.result();
}
