import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { LedgerError, LedgerErrorCode } from './ledger.error';

export function ledgerErrorStatus(code: LedgerErrorCode): HttpStatus {
  switch (code) {
    case LedgerErrorCode.InvalidRecord:
    case LedgerErrorCode.OutOfRange:
      return HttpStatus.BAD_REQUEST;
    case LedgerErrorCode.IntentNotFound:
      return HttpStatus.NOT_FOUND;
    case LedgerErrorCode.RecipientNotDeclared:
    case LedgerErrorCode.FieldNotAllowed:
    case LedgerErrorCode.PolicyMismatch:
      return HttpStatus.UNPROCESSABLE_ENTITY;
  }
}

/** LedgerError becomes HTTP only here; the message carries no personal data by construction. */
@Catch(LedgerError)
export class LedgerExceptionFilter implements ExceptionFilter {
  catch(error: LedgerError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const status = ledgerErrorStatus(error.code);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(status).json({ statusCode: status, code: error.code, message: error.message });
  }
}
