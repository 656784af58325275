import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withLocalSandbox } from '../../src/cli/epp.command';

describe(withLocalSandbox.name, () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'handoff-cli-'));
  mkdirSync(path.join(dataDir, 'sandbox'));
  writeFileSync(
    path.join(dataDir, 'sandbox', 'endpoint.json'),
    JSON.stringify({ host: '127.0.0.1', port: 4711, caFile: '/tmp/ca.pem', clientId: 'handoff' }),
  );

  it('points the CLI at the sandbox a local npm start runs when no registry is configured', () => {
    expect(withLocalSandbox({ DATA_DIR: dataDir })).toMatchObject({
      EPP_HOST: '127.0.0.1',
      EPP_PORT: '4711',
      EPP_CA_FILE: '/tmp/ca.pem',
      EPP_CLIENT_ID: 'handoff',
      EPP_PASSWORD: 'Sandbox-Pass-1',
    });
  });

  it('leaves a configured registry alone', () => {
    const env = { DATA_DIR: dataDir, EPP_HOST: 'epp.registry.example', EPP_CLIENT_ID: 'r1' };
    expect(withLocalSandbox(env)).toBe(env);
  });

  it('changes nothing when no sandbox runs', () => {
    const env = { DATA_DIR: path.join(dataDir, 'nothing-here') };
    expect(withLocalSandbox(env)).toEqual(env);
  });
});
