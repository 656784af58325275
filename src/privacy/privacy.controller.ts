import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireScopes } from '../auth/scopes.decorator';
import { LifecycleExceptionFilter } from '../lifecycle/lifecycle-exception.filter';
import { LegalHoldDto, RestrictionDto } from './privacy.dto';
import { PrivacyService } from './privacy.service';

/**
 * The customer's rights under the GDPR, for the helpdesk (scope privacy:admin). The customer is named
 * by the order system's customer id; answers never go to logs.
 */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('v1/customers/:customerId')
@UseFilters(LifecycleExceptionFilter)
@RequireScopes('privacy:admin')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  /** Art. 15: what we hold, who received what and when (with ledger proofs), how long we keep it. */
  @Get()
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'text'] })
  async access(
    @Param('customerId') customerId: string,
    @Query('format') format: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (format === 'text') {
      res.type('text/plain; charset=utf-8');
      return this.privacy.accessReportText(customerId);
    }
    return this.privacy.accessReport(customerId);
  }

  /** Art. 20: the data the customer provided, machine-readable. */
  @Get('export')
  async export(@Param('customerId') customerId: string, @Res({ passthrough: true }) res: Response) {
    res.setHeader('Content-Disposition', 'attachment; filename="customer-data.json"');
    return this.privacy.portability(customerId);
  }

  /** Art. 16 + 19: corrects our copy and the registry's, and says how each recipient was notified. */
  @Patch()
  @ApiBody({
    schema: {
      type: 'object',
      description:
        'any of the profile fields: name, organisation, legalForm, kvkNumber, street, postalCode, city, countryCode, phone, email',
    },
  })
  async rectify(@Param('customerId') customerId: string, @Body() body: unknown) {
    return this.privacy.rectify(customerId, body);
  }

  /** Art. 17: erasure now, or what blocks it (an active registration) with the offer to lapse. */
  @Post('erasure')
  @HttpCode(202)
  async erasure(@Param('customerId') customerId: string) {
    return this.privacy.requestErasure(customerId);
  }

  /** Art. 18: restricts (or lifts the restriction of) processing: no further disclosure while set. */
  @Put('restriction')
  async restriction(@Param('customerId') customerId: string, @Body() body: RestrictionDto) {
    return this.privacy.setRestriction(customerId, body.restricted, body.reason);
  }

  @Post('legal-holds')
  @HttpCode(201)
  async hold(@Param('customerId') customerId: string, @Body() body: LegalHoldDto) {
    return this.privacy.addLegalHold(customerId, body.categories, body.rule);
  }

  @Delete('legal-holds/:holdId')
  async release(@Param('customerId') customerId: string, @Param('holdId', ParseUUIDPipe) holdId: string) {
    return this.privacy.releaseLegalHold(customerId, holdId);
  }
}
