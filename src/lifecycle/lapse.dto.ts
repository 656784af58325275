import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { LAPSE_MODES, LapseMode } from './lapse-moment';

export class LapseRequestDto {
  @ApiProperty({
    enum: LAPSE_MODES,
    description: "when the domain:delete is sent: the paid period's end, a day, or now",
  })
  @IsIn(LAPSE_MODES)
  mode!: LapseMode;

  @ApiPropertyOptional({
    example: '2027-01-31',
    description: "with mode 'date': the calendar day (Europe/Amsterdam) it takes effect",
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a calendar day YYYY-MM-DD' })
  date?: string;
}
