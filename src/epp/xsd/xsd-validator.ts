import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';

/**
 * Validates EPP frames against the EPP XSDs with libxml2 (compiled to WebAssembly, no system
 * package). `all.xsd` imports every namespace we speak, because `<extension>` and `<resData>` are
 * strict `xs:any`. The sandbox validates every frame it receives with it; the tests validate every
 * frame we generate against the reference copy in `../shared/epp-reference/xsd`.
 *
 * Each xmllint-wasm call starts a worker and compiles the schemas (well over 100 ms), while a call
 * with many documents costs little more than a call with one. So frames that arrive while a call
 * runs are queued and validated together in the next call.
 */
export interface XsdResult {
  valid: boolean;
  errors: string[];
}

/** Schemas shipped with the service (a copy of the reference pack's flat `xsd/` folder). */
export const BUNDLED_SCHEMA_DIR = path.join(__dirname, 'schemas');

interface Pending {
  xml: string;
  resolve: (result: XsdResult) => void;
  reject: (error: Error) => void;
}

export class XsdValidator {
  private readonly driver: { fileName: string; contents: string };
  private readonly imports: { fileName: string; contents: string }[];
  private queue: Pending[] = [];
  private running = false;

  constructor(
    schemaDir: string = BUNDLED_SCHEMA_DIR,
    driver = 'all.xsd',
    private readonly maxBatch = 64,
  ) {
    const schemas = readdirSync(schemaDir)
      .filter((f) => f.endsWith('.xsd'))
      .map((fileName) => ({ fileName, contents: readFileSync(path.join(schemaDir, fileName), 'utf8') }));
    const found = schemas.find((s) => s.fileName === driver);
    if (!found) throw new Error(`no ${driver} in ${schemaDir}`);
    this.driver = found;
    this.imports = schemas.filter((s) => s !== found);
  }

  validate(xml: string): Promise<XsdResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ xml, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const results = await this.validateBatch(batch.map((p) => p.xml));
          batch.forEach((p, i) => p.resolve(results[i]));
        } catch (error) {
          for (const p of batch) p.reject(error as Error);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async validateBatch(documents: string[]): Promise<XsdResult[]> {
    const names = documents.map((_, i) => `frame-${i}.xml`);
    const result = await validateXML({
      xml: documents.map((contents, i) => ({ fileName: names[i], contents })),
      schema: [this.driver],
      preload: this.imports,
    });
    if (result.valid) return documents.map(() => ({ valid: true, errors: [] }));
    // xmllint reports "<file>:<line>: message" per error and "<file> fails to validate" per bad file.
    const failed = new Set(
      result.rawOutput
        .split('\n')
        .map((line) => /^(frame-\d+\.xml) fails to validate/.exec(line.trim())?.[1])
        .filter((name): name is string => name !== undefined),
    );
    return names.map((name) => {
      const errors = result.errors
        .filter((e) => e.loc?.fileName === name || (e.loc === null && e.rawMessage.startsWith(name)))
        .map((e) => e.message.trim())
        .filter((m) => !/fails to validate$/.test(m));
      const valid = !failed.has(name) && errors.length === 0;
      return { valid, errors: valid ? [] : errors.length ? errors : ['does not validate'] };
    });
  }
}
