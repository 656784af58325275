import { SetMetadata } from '@nestjs/common';
import type { Scope } from './scopes';

export const SCOPES_KEY = 'handoff:scopes';
export const PUBLIC_KEY = 'handoff:public';

/** The route needs a valid bearer token holding every one of these scopes. */
export const RequireScopes = (...scopes: Scope[]) => SetMetadata(SCOPES_KEY, scopes);

/** The route is deliberately open (health, API document). Everything else is closed by default. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
