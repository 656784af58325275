import { Module } from '@nestjs/common';
import { PrivacyCryptoModule } from '../privacy-crypto/privacy-crypto.module';
import { CustomerProfilesRepository } from './customer-profiles.repository';
import { RegistrantContactsRepository } from './registrant-contacts.repository';
import { SubjectsRepository } from './subjects.repository';

/** Data subjects, their encrypted profiles and their one registrant contact at the registry. */
@Module({
  imports: [PrivacyCryptoModule],
  providers: [SubjectsRepository, CustomerProfilesRepository, RegistrantContactsRepository],
  exports: [
    SubjectsRepository,
    CustomerProfilesRepository,
    RegistrantContactsRepository,
    PrivacyCryptoModule,
  ],
})
export class ContactsModule {}
