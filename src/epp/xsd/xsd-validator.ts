import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';

/**
 * Validates EPP frames against the EPP XSDs with libxml2 (compiled to WebAssembly, no system
 * package). `all.xsd` imports every namespace we speak, because `<extension>` and `<resData>` are
 * strict `xs:any`. The sandbox validates every frame it receives with it; the tests validate every
 * frame we generate against the reference copy in `../shared/epp-reference/xsd`.
 */
export interface XsdResult {
  valid: boolean;
  errors: string[];
}

/** Schemas shipped with the service (a copy of the reference pack's flat `xsd/` folder). */
export const BUNDLED_SCHEMA_DIR = path.join(__dirname, 'schemas');

export class XsdValidator {
  private readonly schemas: { fileName: string; contents: string }[];

  constructor(schemaDir: string = BUNDLED_SCHEMA_DIR, private readonly driver = 'all.xsd') {
    this.schemas = readdirSync(schemaDir)
      .filter((f) => f.endsWith('.xsd'))
      .map((fileName) => ({ fileName, contents: readFileSync(path.join(schemaDir, fileName), 'utf8') }));
    if (!this.schemas.some((s) => s.fileName === driver)) throw new Error(`no ${driver} in ${schemaDir}`);
  }

  async validate(xml: string): Promise<XsdResult> {
    const driver = this.schemas.find((s) => s.fileName === this.driver)!;
    const result = await validateXML({
      xml: [{ fileName: 'frame.xml', contents: xml }],
      schema: [driver],
      preload: this.schemas.filter((s) => s !== driver),
    });
    return { valid: result.valid, errors: result.errors.map((e) => e.message.trim()) };
  }
}
