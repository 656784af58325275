import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { LifecycleError, LifecycleErrorCode } from './lifecycle.error';

export function httpStatusFor(code: LifecycleErrorCode): number {
  switch (code) {
    case LifecycleErrorCode.InvalidRequest:
      return HttpStatus.BAD_REQUEST;
    case LifecycleErrorCode.DomainNotFound:
    case LifecycleErrorCode.NoOpenLapse:
    case LifecycleErrorCode.CustomerNotFound:
      return HttpStatus.NOT_FOUND;
    case LifecycleErrorCode.RegistrationInFlight:
    case LifecycleErrorCode.LapseInProgress:
    case LifecycleErrorCode.LapseConflict:
    case LifecycleErrorCode.ErasureBlocked:
    case LifecycleErrorCode.RegistrantIdentityFrozen:
    case LifecycleErrorCode.RectificationRefused:
      return HttpStatus.CONFLICT;
    case LifecycleErrorCode.SubjectErased:
      return HttpStatus.GONE;
    case LifecycleErrorCode.RestoreRefused:
      return HttpStatus.BAD_GATEWAY;
    case LifecycleErrorCode.RegistryOutcomeUnknown:
      return HttpStatus.SERVICE_UNAVAILABLE;
  }
}

/** Maps LifecycleError to HTTP (bound on the lifecycle and privacy controllers only). */
@Catch(LifecycleError)
export class LifecycleExceptionFilter implements ExceptionFilter {
  catch(error: LifecycleError, host: ArgumentsHost): void {
    const status = httpStatusFor(error.code);
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(status)
      .json({ statusCode: status, error: error.code, message: error.message, ...(error.detail ?? {}) });
  }
}
