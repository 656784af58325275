import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';

export class RestrictionDto {
  @ApiProperty({ description: 'true restricts processing (no further disclosure); false lifts it' })
  @IsBoolean()
  restricted!: boolean;

  @ApiPropertyOptional({ description: 'why (e.g. "accuracy contested, ticket 1234"); no personal data' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class LegalHoldDto {
  @ApiProperty({
    example: ['registrant-contact'],
    description: 'data categories of config/retention.yaml the hold keeps',
  })
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  categories!: string[];

  @ApiProperty({
    example: 'court order 2026/123',
    description: 'the rule or case that requires keeping the data',
  })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  rule!: string;
}
