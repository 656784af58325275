import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireScopes } from '../auth/scopes.decorator';
import { LapseRequestDto } from './lapse.dto';
import { LapseService } from './lapse.service';
import { LapseSweep } from './lapse-sweep';
import { Lapse } from './lapses.repository';
import { LIFECYCLE_CLOCK, LifecycleClock } from './lifecycle-clock';
import { LifecycleExceptionFilter } from './lifecycle-exception.filter';
import { Inject } from '@nestjs/common';

/** The public shape of a lapse (no subject id, no handle: the order system does not need them). */
export function lapseView(l: Lapse) {
  return {
    id: l.id,
    domain: l.domainName,
    mode: l.mode,
    date: l.requestedDate ?? undefined,
    effectiveAt: l.effectiveAt.toISOString(),
    status: l.status,
    deletedAt: l.deletedAt?.toISOString(),
    quarantineEndsAt: l.quarantineEndsAt?.toISOString(),
    goneAt: l.goneAt?.toISOString(),
    deleteSvTRID: l.deleteSvTRID ?? undefined,
    restoreSvTRID: l.restoreSvTRID ?? undefined,
    reason: l.reason ?? undefined,
  };
}

@ApiTags('lifecycle')
@ApiBearerAuth()
@Controller('v1')
@UseFilters(LifecycleExceptionFilter)
export class LapseController {
  constructor(
    private readonly lapses: LapseService,
    private readonly sweep: LapseSweep,
    @Inject(LIFECYCLE_CLOCK) private readonly clock: LifecycleClock,
  ) {}

  /** Schedules the domain's lapse; 201 when scheduled now, 200 for a replay (idempotent). */
  @Post('domains/:name/lapse')
  @RequireScopes('registrations:write')
  async lapse(
    @Param('name') name: string,
    @Body() body: LapseRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { lapse, created } = await this.lapses.schedule(name, { mode: body.mode, date: body.date });
    res.status(created ? 201 : 200);
    return lapseView(lapse);
  }

  /** The customer renewed in time: unschedules the lapse, or within quarantine restores the domain. */
  @Delete('domains/:name/lapse')
  @RequireScopes('registrations:write')
  @HttpCode(200)
  async cancel(@Param('name') name: string) {
    return lapseView(await this.lapses.cancel(name));
  }

  @Get('domains/:name/lapse')
  @RequireScopes('registrations:read')
  async status(@Param('name') name: string) {
    const { domain, lapses } = await this.lapses.status(name);
    return {
      domain,
      lapses: lapses.map((l) => ({
        ...lapseView(l),
        steps: l.steps.map((s) => ({
          kind: s.kind,
          status: s.status,
          runAt: s.runAt.toISOString(),
          attempts: s.attempts,
          reason: s.reason ?? undefined,
          resultCode: s.resultCode ?? undefined,
          svTRID: s.svTRID ?? undefined,
          receiptEntryId: s.receiptEntryId ?? undefined,
        })),
      })),
    };
  }

  /** What the daily sweep reports: registrations past their paid period without a lapse. */
  @Get('lapses/overdue')
  @RequireScopes('registrations:read')
  async overdue() {
    const rows = await this.sweep.overdue(this.clock.now());
    return {
      registrations: rows.map((r) => ({
        registrationId: r.registrationId,
        domain: r.domainName,
        periodEnd: r.periodEnd.toISOString(),
      })),
    };
  }
}
