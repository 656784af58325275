import { PATH_METADATA } from '@nestjs/common/constants';
import { PUBLIC_KEY, SCOPES_KEY } from '../auth/scopes.decorator';
import { RegistrationsController } from './registrations.controller';

describe(RegistrationsController.name, () => {
  const proto = RegistrationsController.prototype as unknown as Record<string, unknown>;
  const routes = Object.getOwnPropertyNames(proto).filter(
    (name) =>
      name !== 'constructor' && Reflect.getMetadata(PATH_METADATA, proto[name] as object) !== undefined,
  );

  it('declares the four order routes', () => {
    expect(routes.sort()).toEqual(['create', 'get', 'list', 'preview']);
  });

  it.each([
    ['create', 'registrations:write'],
    ['preview', 'registrations:write'],
    ['list', 'registrations:read'],
    ['get', 'registrations:read'],
  ])('%s needs %s and is not public', (route, scope) => {
    const handler = proto[route] as object;
    expect(Reflect.getMetadata(SCOPES_KEY, handler)).toEqual([scope]);
    expect(Reflect.getMetadata(PUBLIC_KEY, handler)).toBeUndefined();
  });
});
