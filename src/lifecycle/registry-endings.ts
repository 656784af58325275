import { Inject, Injectable } from '@nestjs/common';
import { EppError } from '../epp/codec/errors';
import { RECIPIENT_POLICY, RecipientPolicy } from '../ledger/recipient-policy';
import { SubjectKeysService } from '../privacy-crypto/subject-keys.service';
import { LIFECYCLE_LEDGER, LifecycleLedgerPort } from './lifecycle-ledger.port';
import { BeforeSend, RegistryConfirmation } from './lifecycle-registry.port';

/** The registry's id in the recipients register. */
export const REGISTRY_RECIPIENT = 'sidn';

export type EndingChannel = 'epp:domain:delete' | 'epp:domain:restore' | 'epp:contact:delete';

export interface Ending {
  channel: EndingChannel;
  subjectId: string;
  domain?: string;
  registrationId?: string;
}

/**
 * Registry commands that end (or, for a restore, resume) a disclosure, each wrapped in the ledger's
 * intent/outcome pair (issue 5): the intent is committed before the frame leaves (`beforeSend`), a
 * failure or unknown outcome is recorded here, and a success is returned for the caller to record
 * in the same transaction as its state change and deletion receipt. No field values are disclosed
 * by these commands: the intent lists no fields.
 */
@Injectable()
export class RegistryEndings {
  constructor(
    @Inject(LIFECYCLE_LEDGER) private readonly ledger: LifecycleLedgerPort,
    @Inject(RECIPIENT_POLICY) private readonly policy: RecipientPolicy,
    private readonly keys: SubjectKeysService,
  ) {}

  async send(
    ending: Ending,
    call: (beforeSend: BeforeSend) => Promise<RegistryConfirmation>,
  ): Promise<{ confirmation: RegistryConfirmation; intentEntryId: string }> {
    let intentEntryId: string | undefined;
    const beforeSend: BeforeSend = async ({ clTRID }) => {
      const intent = await this.ledger.recordIntent({
        recipient: REGISTRY_RECIPIENT,
        subjectId: ending.subjectId,
        subjectKey: await this.keys.commitmentKey(ending.subjectId),
        channel: ending.channel,
        fields: [],
        purpose: this.policy.purpose(REGISTRY_RECIPIENT) ?? '',
        legalBasis: this.policy.legalBasis(REGISTRY_RECIPIENT) ?? '',
        domain: ending.domain,
        registrationId: ending.registrationId,
        clTRID,
      });
      intentEntryId = intent.entryId;
    };
    try {
      const confirmation = await call(beforeSend);
      if (!intentEntryId) throw new Error('the registry adapter did not call beforeSend');
      return { confirmation, intentEntryId };
    } catch (e) {
      if (intentEntryId) {
        if (e instanceof EppError) {
          await this.ledger.recordOutcome({
            intentEntryId,
            outcome: 'failed',
            resultCode: e.resultCode,
            svTRID: e.svTRID,
            reason: e.code,
          });
        } else {
          await this.ledger.recordOutcome({
            intentEntryId,
            outcome: 'unknown',
            reason: 'no answer (timeout or connection lost)',
          });
        }
      }
      throw e;
    }
  }

  /** The success outcome of an intent, in the caller's transaction. */
  recordSuccess(
    intentEntryId: string,
    c: RegistryConfirmation,
    manager: Parameters<LifecycleLedgerPort['recordOutcome']>[1],
  ): Promise<unknown> {
    return this.ledger.recordOutcome(
      { intentEntryId, outcome: 'success', resultCode: c.resultCode, svTRID: c.svTRID },
      manager,
    );
  }
}
