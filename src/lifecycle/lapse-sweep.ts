import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LapseService } from './lapse.service';
import { RETENTION_POLICY, RetentionPolicy } from './retention/retention-rules';

export interface OverdueRegistration {
  registrationId: string;
  domainName: string;
  /** Created + period: the end of the paid period per the order as the order system placed it. */
  periodEnd: Date;
}

/**
 * The daily sweep: registrations whose paid period (per the order: creation + period; SIDN renews
 * .nl automatically, so an unpaid one runs on until the registrar deletes it) has ended and that have
 * no lapse. It reports them; it schedules a lapse (end of period) only when `lapse.sweepAutoLapse` is
 * set in config/retention.yaml. Logs carry counts, never domain names.
 */
@Injectable()
export class LapseSweep {
  private readonly logger = new Logger('LapseSweep');

  constructor(
    private readonly dataSource: DataSource,
    private readonly lapses: LapseService,
    @Inject(RETENTION_POLICY) private readonly policy: RetentionPolicy,
  ) {}

  async overdue(now: Date, limit = 1000): Promise<OverdueRegistration[]> {
    const rows = (await this.dataSource.query(
      `SELECT r.id, r.domain_name,
              r.created_at + make_interval(years => CASE WHEN r.period_unit = 'y' THEN r.period_value ELSE 0 END,
                                           months => CASE WHEN r.period_unit = 'm' THEN r.period_value ELSE 0 END) AS period_end
         FROM registrations r
        WHERE r.status = 'registered'
          AND r.created_at + make_interval(years => CASE WHEN r.period_unit = 'y' THEN r.period_value ELSE 0 END,
                                           months => CASE WHEN r.period_unit = 'm' THEN r.period_value ELSE 0 END) <= $1
          AND NOT EXISTS (SELECT 1 FROM domain_lapses l WHERE l.registration_id = r.id
                           AND l.status IN ('scheduled', 'deleting', 'quarantine', 'purged', 'transferred-away'))
        ORDER BY period_end LIMIT $2`,
      [now, limit],
    )) as { id: string; domain_name: string; period_end: Date }[];
    return rows.map((r) => ({ registrationId: r.id, domainName: r.domain_name, periodEnd: r.period_end }));
  }

  async run(now: Date): Promise<{ overdue: number; lapsed: number }> {
    const found = await this.overdue(now);
    let lapsed = 0;
    if (this.policy.sweepAutoLapse) {
      for (const r of found) {
        try {
          await this.lapses.schedule(r.domainName, { mode: 'end-of-period' }, 'sweep');
          lapsed++;
        } catch (e) {
          this.logger.warn(`sweep could not schedule a lapse: ${(e as Error).name}`);
        }
      }
    }
    this.logger.log(
      `sweep: ${found.length} registration(s) past their paid period without a lapse; ${lapsed} lapse(s) scheduled`,
    );
    return { overdue: found.length, lapsed };
  }
}
