// Compiles the service to dist/ with the project's TypeScript (no Nest CLI needed at run time: the
// Nest CLI 12 toolchain declares Node 22) and copies the runtime assets (XSDs) beside the code.
const { execFileSync } = require('node:child_process');
const { cpSync, rmSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
cpSync(path.join(root, 'src/epp/xsd/schemas'), path.join(root, 'dist/epp/xsd/schemas'), { recursive: true });
