import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { LEDGER_ENTRY_KINDS, LedgerEntryKind } from '../ledger-entry';
import { LedgerEntryFilter } from '../ledger.repository';

/** Filters shared by the entry list and the exports. */
export class LedgerFilterQuery {
  @ApiPropertyOptional({ example: 'sidn' }) @IsOptional() @IsString() @MaxLength(200) recipient?: string;
  @ApiPropertyOptional({ description: 'pseudonymous subject id' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subject?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(253) domain?: string;
  @ApiPropertyOptional({ example: 'email' }) @IsOptional() @IsString() @MaxLength(200) field?: string;
  @ApiPropertyOptional({ example: 'epp:contact:create' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  channel?: string;
  @ApiPropertyOptional({ enum: LEDGER_ENTRY_KINDS })
  @IsOptional()
  @IsIn(LEDGER_ENTRY_KINDS)
  kind?: LedgerEntryKind;
  @ApiPropertyOptional({ description: 'inclusive, ISO 8601' }) @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ description: 'exclusive, ISO 8601' }) @IsOptional() @IsISO8601() to?: string;
}

export class LedgerEntriesQuery extends LedgerFilterQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) cursor?: string;
  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class LedgerExportQuery extends LedgerFilterQuery {
  @ApiProperty({ enum: ['csv', 'jsonl'] }) @IsIn(['csv', 'jsonl']) format: 'csv' | 'jsonl';
}

export class LedgerPeriodQuery {
  @ApiPropertyOptional() @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601() to?: string;
}

export class InclusionProofQuery {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) treeSize?: number;
}

export class ConsistencyProofQuery {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(0) from: number;
  @ApiProperty() @Type(() => Number) @IsInt() @Min(0) to: number;
}

export class SubjectBundleQuery {
  @ApiProperty({ description: 'pseudonymous subject id' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  subject: string;
}

export function toEntryFilter(q: LedgerFilterQuery): LedgerEntryFilter {
  return {
    recipient: q.recipient,
    subjectId: q.subject,
    domain: q.domain,
    field: q.field,
    channel: q.channel,
    kind: q.kind,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
  };
}
