import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { OrderError, OrderErrorCode } from './order-error';

/** The one place an OrderError becomes HTTP. Exhaustive: a new code does not compile until mapped. */
export function httpStatusFor(code: OrderErrorCode): number {
  switch (code) {
    case OrderErrorCode.InvalidRequest:
    case OrderErrorCode.IdempotencyKeyMissing:
    case OrderErrorCode.InvalidCursor:
      return HttpStatus.BAD_REQUEST;
    case OrderErrorCode.IdempotencyKeyReused:
    case OrderErrorCode.DomainOrderInFlight:
      return HttpStatus.CONFLICT;
    case OrderErrorCode.RegistrationNotFound:
      return HttpStatus.NOT_FOUND;
    case OrderErrorCode.DomainTaken:
    case OrderErrorCode.RegistryRejected:
    case OrderErrorCode.ContactRejected:
    case OrderErrorCode.RetriesExhausted:
    case OrderErrorCode.DomainHeldByOther:
    case OrderErrorCode.CustomerDataUnavailable:
      return HttpStatus.UNPROCESSABLE_ENTITY;
  }
}

@Catch(OrderError)
export class OrdersExceptionFilter implements ExceptionFilter {
  catch(error: OrderError, host: ArgumentsHost): void {
    const status = httpStatusFor(error.code);
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(status)
      .json({
        statusCode: status,
        error: error.code,
        message: error.message,
        ...(error.violations ? { violations: error.violations } : {}),
      });
  }
}
