import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SubjectKeysService } from '../privacy-crypto/subject-keys.service';
import { CustomerProfile, PROFILE_FIELDS } from '../recipients/profile-fields';
import { RECIPIENTS_REGISTER } from '../recipients/recipients.module';
import type { RecipientsRegister } from '../recipients/recipients-register';

const PURPOSE = 'customer-profile';

/**
 * The customer's profile as Handoff keeps it (table `customer_profiles`): only the fields the
 * recipients register allows, as one AES-256-GCM blob under the subject's data key. The column
 * `stored_fields` lists the field NAMES kept (for access reports), never values.
 */
@Injectable()
export class CustomerProfilesRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: SubjectKeysService,
    @Inject(RECIPIENTS_REGISTER) private readonly register: RecipientsRegister,
  ) {}

  /** What of a profile may be kept at all; everything else is dropped here, on arrival. */
  minimise(profile: CustomerProfile): CustomerProfile {
    const kept: Record<string, unknown> = {};
    for (const f of PROFILE_FIELDS) {
      const value = profile[f];
      if (value !== undefined && this.register.storedFields.has(f)) kept[f] = value;
    }
    const extra: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(profile.extra)) {
      if (this.register.storedExtraFields.has(key)) extra[key] = value;
    }
    return { ...(kept as unknown as CustomerProfile), extra };
  }

  async save(
    subjectId: string,
    profile: CustomerProfile,
    now: Date,
    manager: EntityManager = this.dataSource.manager,
  ) {
    const kept = this.minimise(profile);
    const fields = [...PROFILE_FIELDS.filter((f) => kept[f] !== undefined), ...Object.keys(kept.extra)];
    const sealed = await this.keys.encrypt(
      subjectId,
      PURPOSE,
      Buffer.from(JSON.stringify(kept), 'utf8'),
      manager,
    );
    await manager.query(
      `INSERT INTO customer_profiles (subject_id, sealed_profile, stored_fields, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (subject_id) DO UPDATE SET sealed_profile = $2, stored_fields = $3, updated_at = $4`,
      [subjectId, sealed, fields, now],
    );
  }

  async load(
    subjectId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CustomerProfile | undefined> {
    const rows = (await manager.query(`SELECT sealed_profile FROM customer_profiles WHERE subject_id = $1`, [
      subjectId,
    ])) as { sealed_profile: Buffer }[];
    if (rows.length === 0) return undefined;
    const plain = await this.keys.decrypt(subjectId, PURPOSE, rows[0].sealed_profile, manager);
    return JSON.parse(plain.toString('utf8')) as CustomerProfile;
  }
}
