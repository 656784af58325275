import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiClient, authenticate } from './api-clients';
import { PUBLIC_KEY, SCOPES_KEY } from './scopes.decorator';
import type { Scope } from './scopes';

export const API_CLIENTS = Symbol('API_CLIENTS');

export interface AuthenticatedRequest extends Request {
  apiClient?: ApiClient;
}

/**
 * Global guard, closed by default: a route is reachable only if it is marked @Public() or names
 * its scopes with @RequireScopes(...). A route that forgot both answers 403 for everyone.
 */
@Injectable()
export class ScopesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(API_CLIENTS) private readonly clients: readonly ApiClient[],
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const client = match ? authenticate(this.clients, match[1]) : undefined;
    if (!client) throw new UnauthorizedException('a valid bearer token is required');
    request.apiClient = client;
    const required = this.reflector.getAllAndOverride<Scope[] | undefined>(SCOPES_KEY, targets);
    if (!required || required.length === 0) throw new ForbiddenException('this route declares no scope');
    const missing = required.filter((s) => !client.scopes.has(s));
    if (missing.length) throw new ForbiddenException(`missing scope: ${missing.join(', ')}`);
    return true;
  }
}
