import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

export interface FieldViolation {
  /** Dotted path of the offending field, e.g. `customer.postalCode`. */
  field: string;
  /** The rule it broke (class-validator constraint name, e.g. `isEmail`, `whitelistValidation`). */
  rule: string;
  message: string;
}

/** Flattens class-validator errors into field + rule pairs. Values are never echoed (they may be personal data). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldViolation[] {
  const out: FieldViolation[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      const text = rule === 'whitelistValidation' ? 'unknown field' : message.replace(error.property, field);
      out.push({ field, rule: rule === 'whitelistValidation' ? 'unknownField' : rule, message: text });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/** The global pipe: unknown fields rejected, payloads transformed to their DTO classes. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        violations: flattenValidationErrors(errors),
      }),
  });
}
