import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiHeader,
  ApiOkResponse,
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../auth/scopes.guard';
import { RequireScopes } from '../auth/scopes.decorator';
import { OrdersExceptionFilter } from './orders-exception.filter';
import { Registration, TimelineEvent } from './registration';
import { CreateRegistrationDto, RegistrationDto, RegistrationPageDto } from './registration.dto';
import { RegistrationsService } from './registrations.service';

@ApiTags('registrations')
@ApiBearerAuth()
@Controller('v1/registrations')
@UseFilters(OrdersExceptionFilter)
export class RegistrationsController {
  constructor(private readonly service: RegistrationsService) {}

  @Post()
  @RequireScopes('registrations:write')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Required unless the body carries orderId',
  })
  @ApiBody({ type: CreateRegistrationDto })
  @ApiAcceptedResponse({ type: RegistrationDto, description: 'Accepted (also for an identical replay)' })
  @ApiBadRequestResponse({ description: 'Each violation as field + rule; nothing is stored' })
  @ApiConflictResponse({
    description: 'Idempotency key reused with a different body, or the domain has an order in flight',
  })
  async create(
    @Req() req: AuthenticatedRequest,
    @Headers('idempotency-key') key: string | undefined,
    // `unknown`: validated by hand (the customer profile may carry extra fields).
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RegistrationDto> {
    const { registration, replayed } = await this.service.submit(req.apiClient?.name ?? 'unknown', key, body);
    res.status(202);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.setHeader('Location', `/v1/registrations/${registration.id}`);
    return this.view(registration);
  }

  @Post('preview')
  @HttpCode(200)
  @RequireScopes('registrations:write')
  @ApiBody({ type: CreateRegistrationDto })
  @ApiOkResponse({
    description: 'Per recipient: the exact fields and values that would be sent, and the rule allowing each',
  })
  preview(@Body() body: unknown) {
    return this.service.preview(body);
  }

  @Get()
  @RequireScopes('registrations:read')
  @ApiQuery({ name: 'customerId', required: false })
  @ApiQuery({ name: 'status', required: false })
  @ApiQuery({ name: 'domain', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiOkResponse({ type: RegistrationPageDto })
  async list(
    @Query('customerId') customerId?: string,
    @Query('status') status?: string,
    @Query('domain') domain?: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ): Promise<RegistrationPageDto> {
    const page = await this.service.list({ customerId, status, domain, cursor, limit });
    return { items: page.items.map((r) => this.view(r)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @RequireScopes('registrations:read')
  @ApiOkResponse({ type: RegistrationDto })
  @ApiNotFoundResponse()
  async get(@Param('id') id: string): Promise<RegistrationDto> {
    const { registration, timeline } = await this.service.get(id);
    return this.view(registration, timeline);
  }

  private view(r: Registration, timeline?: TimelineEvent[]): RegistrationDto {
    const handles = this.service.ownHandles();
    return {
      id: r.id,
      status: r.status,
      ...(r.orderId ? { orderId: r.orderId } : {}),
      customerId: r.customerId,
      domain: r.domainName,
      domainUnicode: r.domainUnicode,
      nameservers: r.nameservers,
      period: r.period,
      handles: { registrant: r.registrantHandle, admin: handles.admin, tech: handles.tech },
      svTRIDs: { contact: r.contactSvTRID, domain: r.domainSvTRID },
      ...(r.errorCode
        ? {
            error: {
              code: r.errorCode,
              reason: r.errorReason ?? '',
              ...(r.registryResultCode !== null ? { resultCode: r.registryResultCode } : {}),
            },
          }
        : {}),
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      ...(timeline
        ? {
            timeline: timeline.map((e) => ({
              at: e.at.toISOString(),
              step: e.step,
              status: e.status,
              ...(e.detail !== null ? { detail: e.detail } : {}),
              ...(e.resultCode !== null ? { resultCode: e.resultCode } : {}),
              ...(e.svTRID !== null ? { svTRID: e.svTRID } : {}),
            })),
          }
        : {}),
    };
  }
}
