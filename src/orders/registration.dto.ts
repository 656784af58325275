import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LEGAL_FORMS } from '../recipients/profile-fields';
import { REGISTRATION_STATUSES } from './registration';

/*
 * OpenAPI descriptions of the order API. Validation itself is done by registration-request.ts (the
 * customer profile may carry fields these classes do not list).
 */

export class PeriodDto {
  @ApiProperty({ enum: [1, 12], example: 1 }) value!: number;
  @ApiProperty({ enum: ['y', 'm'], example: 'y' }) unit!: string;
}

export class CustomerDto {
  @ApiProperty({ description: "The order system's stable customer id", example: 'C-1001' })
  customerId!: string;
  @ApiProperty({ example: 'Jan Jansen' }) name!: string;
  @ApiPropertyOptional({
    description: 'Required for a legal form other than PERSOON',
    example: 'Jansen B.V.',
  })
  organisation?: string;
  @ApiPropertyOptional({ enum: LEGAL_FORMS, description: 'Default PERSOON when no organisation is given' })
  legalForm?: string;
  @ApiPropertyOptional({ description: 'Chamber of Commerce number, 8 digits (sent for organisations)' })
  kvkNumber?: string;
  @ApiProperty({
    type: [String],
    description: '1-3 lines; the first must not be a PO box',
    example: ['Dorpsstraat 1'],
  })
  street!: string[];
  @ApiPropertyOptional({ description: 'Required for NL; normalised to 1234AB', example: '1234 AB' })
  postalCode?: string;
  @ApiProperty({ example: 'Utrecht' }) city!: string;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2', example: 'NL' }) countryCode!: string;
  @ApiProperty({ description: 'Normalised to +31.612345678', example: '06 12345678' }) phone!: string;
  @ApiProperty({ example: 'jan@example.nl' }) email!: string;
}

export class CreateRegistrationDto {
  @ApiPropertyOptional({
    description: "The order system's order id; the idempotency key when no header is sent",
  })
  orderId?: string;
  @ApiProperty({
    description: 'A second-level .nl name; IDN allowed (stored as A-label)',
    example: 'example.nl',
  })
  domain!: string;
  @ApiPropertyOptional({ type: [String], description: 'Up to 13 host names (host objects)' })
  nameservers?: string[];
  @ApiPropertyOptional({ type: PeriodDto, description: 'SIDN registers for 12 months; default 1 y' })
  period?: PeriodDto;
  @ApiProperty({
    type: CustomerDto,
    description:
      'The full customer profile. Fields beyond those listed are accepted and dropped on arrival unless the ' +
      'recipients register lists them under storage.extraFields; they are never sent to a recipient.',
  })
  customer!: CustomerDto;
}

export class RegistrationErrorDto {
  @ApiProperty() code!: string;
  @ApiProperty({ description: "The registry's reason (may be Dutch) or ours" }) reason!: string;
  @ApiPropertyOptional() resultCode?: number;
}

export class TimelineEventDto {
  @ApiProperty() at!: string;
  @ApiProperty() step!: string;
  @ApiProperty() status!: string;
  @ApiPropertyOptional() detail?: string;
  @ApiPropertyOptional() resultCode?: number;
  @ApiPropertyOptional() svTRID?: string;
}

export class RegistrationDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status!: string;
  @ApiPropertyOptional() orderId?: string;
  @ApiProperty() customerId!: string;
  @ApiProperty({ description: 'A-label' }) domain!: string;
  @ApiProperty({ description: 'U-label, for display' }) domainUnicode!: string;
  @ApiProperty({ type: [String] }) nameservers!: string[];
  @ApiProperty({ type: PeriodDto }) period!: PeriodDto;
  @ApiProperty({
    description: "Registry handles: registrant (the customer) and the registrar's own admin/tech",
  })
  handles!: { registrant: string | null; admin: string; tech: string };
  @ApiProperty({ description: 'svTRIDs of the contact and domain commands' })
  svTRIDs!: { contact: string | null; domain: string | null };
  @ApiPropertyOptional({ type: RegistrationErrorDto }) error?: RegistrationErrorDto;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiPropertyOptional({ type: [TimelineEventDto] }) timeline?: TimelineEventDto[];
}

export class RegistrationPageDto {
  @ApiProperty({ type: [RegistrationDto] }) items!: RegistrationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
