// The compiler only emits .js; copy the runtime assets (XSDs) next to the compiled code.
const { cpSync } = require('node:fs');
const path = require('node:path');
const root = path.join(__dirname, '..');
cpSync(path.join(root, 'src/epp/xsd/schemas'), path.join(root, 'dist/epp/xsd/schemas'), { recursive: true });
