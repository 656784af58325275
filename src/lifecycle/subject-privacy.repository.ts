import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** Table `subject_privacy`: Art. 18 restriction, Art. 17 request and erasure time, per subject. */
export interface SubjectPrivacy {
  subjectId: string;
  restricted: boolean;
  restrictedAt: Date | null;
  restrictionReason: string | null;
  erasureRequestedAt: Date | null;
  erasedAt: Date | null;
}

interface Row {
  subject_id: string;
  restricted: boolean;
  restricted_at: Date | null;
  restriction_reason: string | null;
  erasure_requested_at: Date | null;
  erased_at: Date | null;
}

@Injectable()
export class SubjectPrivacyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(
    subjectId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<SubjectPrivacy | undefined> {
    const rows = (await manager.query(`SELECT * FROM subject_privacy WHERE subject_id = $1`, [
      subjectId,
    ])) as Row[];
    const r = rows[0];
    return r
      ? {
          subjectId: r.subject_id,
          restricted: r.restricted,
          restrictedAt: r.restricted_at,
          restrictionReason: r.restriction_reason,
          erasureRequestedAt: r.erasure_requested_at,
          erasedAt: r.erased_at,
        }
      : undefined;
  }

  /** Sets or lifts the restriction; the ledger trigger refuses disclosures while it is set. */
  async setRestriction(
    subjectId: string,
    restricted: boolean,
    reason: string | null,
    now: Date,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO subject_privacy (subject_id, restricted, restricted_at, restriction_reason, updated_at)
       VALUES ($1, $2, CASE WHEN $2 THEN $4::timestamptz END, $3, $4)
       ON CONFLICT (subject_id) DO UPDATE SET restricted = $2,
         restricted_at = CASE WHEN $2 THEN COALESCE(subject_privacy.restricted_at, $4::timestamptz) END,
         restriction_reason = $3, updated_at = $4`,
      [subjectId, restricted, reason, now],
    );
  }

  async markErasureRequested(
    subjectId: string,
    now: Date,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO subject_privacy (subject_id, erasure_requested_at, updated_at) VALUES ($1, $2, $2)
       ON CONFLICT (subject_id) DO UPDATE SET erasure_requested_at = COALESCE(subject_privacy.erasure_requested_at, $2), updated_at = $2`,
      [subjectId, now],
    );
  }

  async markErased(subjectId: string, now: Date, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO subject_privacy (subject_id, erased_at, updated_at) VALUES ($1, $2, $2)
       ON CONFLICT (subject_id) DO UPDATE SET erased_at = $2, restriction_reason = NULL, updated_at = $2`,
      [subjectId, now],
    );
  }
}
