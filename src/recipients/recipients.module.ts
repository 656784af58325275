import { Global, Module } from '@nestjs/common';
import { HANDOFF_ENV } from '../config/config.module';
import type { EnvSchema } from '../config/env.schema';
import { RECIPIENT_POLICY } from '../ledger/recipient-policy';
import { recipientPolicyFromRegister } from './recipient-policy.provider';
import { loadRecipientsRegister, RecipientsRegister } from './recipients-register';

/** Injection token of the parsed, validated recipients register. */
export const RECIPIENTS_REGISTER = Symbol('RECIPIENTS_REGISTER');

/**
 * Loads `RECIPIENTS_FILE` at boot (an invalid register stops the start) and provides it, plus the
 * ledger's RecipientPolicy over it under RECIPIENT_POLICY.
 */
@Global()
@Module({
  providers: [
    {
      provide: RECIPIENTS_REGISTER,
      inject: [HANDOFF_ENV],
      useFactory: (env: EnvSchema) => loadRecipientsRegister(env.RECIPIENTS_FILE),
    },
    {
      provide: RECIPIENT_POLICY,
      inject: [RECIPIENTS_REGISTER],
      useFactory: (register: RecipientsRegister) => recipientPolicyFromRegister(register),
    },
  ],
  exports: [RECIPIENTS_REGISTER, RECIPIENT_POLICY],
})
export class RecipientsModule {}
