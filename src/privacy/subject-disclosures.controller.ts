import { Controller, Get, Inject, Param, Query, Res, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireScopes } from '../auth/scopes.decorator';
import { renderDisclosureReport } from '../ledger/disclosure-report';
import { LedgerService } from '../ledger/ledger.service';
import { LifecycleError, LifecycleErrorCode } from '../lifecycle/lifecycle.error';
import { LifecycleExceptionFilter } from '../lifecycle/lifecycle-exception.filter';
import { SubjectRecordsRepository } from '../lifecycle/subject-records.repository';

/**
 * GDPR Art. 15(1)(c) as the ledger records it: which recipients received which fields of this
 * customer's data and when, each entry with its inclusion proof under a signed checkpoint (JSON), or
 * as a readable document (`?format=text`). The full access report is `GET /v1/customers/:customerId`.
 */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('v1/subjects/:customerId/disclosures')
@UseFilters(LifecycleExceptionFilter)
@RequireScopes('privacy:admin')
export class SubjectDisclosuresController {
  constructor(
    private readonly records: SubjectRecordsRepository,
    @Inject(LedgerService) private readonly ledger: LedgerService,
  ) {}

  @Get()
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'text'] })
  async disclosures(
    @Param('customerId') customerId: string,
    @Query('format') format: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const subjectId = await this.records.subjectForCustomer(customerId);
    if (!subjectId) {
      throw new LifecycleError(
        LifecycleErrorCode.CustomerNotFound,
        'no personal data of this customer is held (never, or erased)',
      );
    }
    const report = await this.ledger.disclosuresForSubject(subjectId);
    if (format === 'text') {
      res.type('text/markdown; charset=utf-8');
      return renderDisclosureReport(report);
    }
    return { customerId, ...report };
  }
}
