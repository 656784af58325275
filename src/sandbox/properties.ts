import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { FuryPropertyInput } from '../epp/codec/server/command-decoder';
import type { PropertyDefinitionView } from '../epp/codec/server/response-encoder';
import { fault } from './sandbox-error';

/**
 * Fury property definitions (fury-2.1) the sandbox serves and enforces, loaded from
 * config/sandbox-properties.yaml. Every .nl key there is an ASSUMPTION until confirmed on SIDN's OT&E.
 */
export interface PropertyDefinition {
  key: string;
  assumption: boolean;
  entityType: 'contact' | 'domain' | 'host';
  propertyType: 'SINGLEENUM' | 'TEXT';
  pattern?: RegExp;
  mandatory: boolean;
  removable: boolean;
  updatable: boolean;
  localizedKey: Record<string, string>;
  values: { value: string; isDefault: boolean; localizedValue: Record<string, string> }[];
}

export type PropertyValues = Record<string, string[]>;

function fail(msg: string): never {
  throw new Error(`sandbox properties file: ${msg}`);
}

function record(v: unknown, where: string): Record<string, string> {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null) fail(`${where} must be a map of language to text`);
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, t]) => [k, String(t)]));
}

export function parsePropertyDefinitions(yamlText: string): PropertyDefinition[] {
  const doc = parse(yamlText) as { properties?: unknown };
  if (!doc || !Array.isArray(doc.properties)) fail('expected a top-level `properties` list');
  const seen = new Set<string>();
  return (doc.properties as Record<string, unknown>[]).map((p, i) => {
    const key = p.key;
    if (typeof key !== 'string' || !/^[A-Z0-9_]+$/.test(key))
      fail(`properties[${i}].key must be UPPER_SNAKE_CASE`);
    if (seen.has(key)) fail(`duplicate key ${key}`);
    seen.add(key);
    const entityType = p.entityType;
    if (entityType !== 'contact' && entityType !== 'domain' && entityType !== 'host')
      fail(`${key}: entityType`);
    const propertyType = p.propertyType;
    if (propertyType !== 'SINGLEENUM' && propertyType !== 'TEXT')
      fail(`${key}: propertyType must be SINGLEENUM or TEXT`);
    const values = Array.isArray(p.values)
      ? (p.values as Record<string, unknown>[]).map((v) => ({
          value: String(v.value),
          isDefault: v.default === true,
          localizedValue: record(v.localizedValue, `${key}.values.localizedValue`),
        }))
      : [];
    if (propertyType === 'SINGLEENUM' && values.length === 0) fail(`${key}: SINGLEENUM needs values`);
    return {
      key,
      assumption: p.assumption !== false,
      entityType,
      propertyType,
      pattern: typeof p.pattern === 'string' ? new RegExp(p.pattern) : undefined,
      mandatory: p.mandatory === true,
      removable: p.removable !== false,
      updatable: p.updatable !== false,
      localizedKey: record(p.localizedKey, `${key}.localizedKey`),
      values,
    };
  });
}

export function loadPropertyDefinitions(file: string): PropertyDefinition[] {
  return parsePropertyDefinitions(readFileSync(file, 'utf8'));
}

export class PropertyCatalogue {
  private readonly byKey: Map<string, PropertyDefinition>;

  constructor(readonly definitions: PropertyDefinition[]) {
    this.byKey = new Map(definitions.map((d) => [d.key, d]));
  }

  /** The definition view for the Fury property-definition answer, in one language (default en). */
  view(keys: string[], language = 'en'): PropertyDefinitionView[] {
    const defs =
      keys.length === 0
        ? this.definitions
        : keys.map((k) => this.byKey.get(k)).filter((d) => d !== undefined);
    return defs.map((d) => ({
      key: d.key,
      localizedKey: d.localizedKey[language] ?? d.localizedKey.en,
      values: d.values.map((v) => ({
        value: v.value,
        isDefault: v.isDefault,
        localizedValue: v.localizedValue[language] ?? v.localizedValue.en,
      })),
      attributes: [
        { key: 'entitytype', values: [d.entityType] },
        { key: 'propertytype', values: [d.propertyType] },
        { key: 'mandatory', values: [String(d.mandatory)] },
        { key: 'removable', values: [String(d.removable)] },
        { key: 'updatable', values: [String(d.updatable)] },
        ...(d.pattern ? [{ key: 'pattern', values: [d.pattern.source] }] : []),
        { key: 'assumption', values: [String(d.assumption)] },
      ],
    }));
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** Why a value is not acceptable for a key, or undefined when it is. */
  valueProblem(key: string, value: string): string | undefined {
    const d = this.byKey.get(key);
    if (!d) return `Unknown property ${key}`;
    if (d.propertyType === 'SINGLEENUM' && !d.values.some((v) => v.value === value)) {
      return `Value ${value} is not allowed for ${key}`;
    }
    if (d.pattern && !d.pattern.test(value)) return `Value for ${key} does not match ${d.pattern.source}`;
    return undefined;
  }

  private checkOne(entity: PropertyDefinition['entityType'], p: { key: string; values: string[] }): void {
    const d = this.byKey.get(p.key);
    if (!d) throw fault(2004, 'PropertyUnknown', `Unknown property ${p.key}`);
    if (d.entityType !== entity)
      throw fault(2306, 'PropertyWrongEntity', `Property ${p.key} applies to ${d.entityType} objects`);
    if (p.values.length > 1) throw fault(2306, 'PropertySingleValued', `Property ${p.key} takes one value`);
    for (const v of p.values) {
      const problem = this.valueProblem(p.key, v);
      if (problem) throw fault(2004, 'PropertyValueNotAllowed', problem);
    }
  }

  /** Validates properties sent on create (fury:create) and returns the stored form; mandatory keys enforced. */
  forCreate(
    entity: PropertyDefinition['entityType'],
    input: FuryPropertyInput[] | undefined,
  ): PropertyValues {
    const out: PropertyValues = {};
    for (const p of input ?? []) {
      this.checkOne(entity, p);
      if (out[p.key]) throw fault(2306, 'PropertySingleValued', `Property ${p.key} given twice`);
      out[p.key] = p.values;
    }
    for (const d of this.definitions) {
      if (d.entityType === entity && d.mandatory && !out[d.key]) {
        throw fault(2003, 'PropertyMandatory', `Property ${d.key} is mandatory for a ${entity}`);
      }
    }
    return out;
  }

  /** Applies fury:update rem then add (a change = rem old + add new) and returns the new property set. */
  forUpdate(
    entity: PropertyDefinition['entityType'],
    current: PropertyValues,
    update: { add: FuryPropertyInput[]; rem: FuryPropertyInput[] } | undefined,
  ): PropertyValues {
    if (!update) return current;
    const next: PropertyValues = { ...current };
    for (const r of update.rem) {
      const d = this.byKey.get(r.key);
      if (!d) throw fault(2004, 'PropertyUnknown', `Unknown property ${r.key}`);
      if (d.entityType !== entity)
        throw fault(2306, 'PropertyWrongEntity', `Property ${r.key} applies to ${d.entityType} objects`);
      if (r.remAll) delete next[r.key];
      else {
        const left = (next[r.key] ?? []).filter((v) => !r.values.includes(v));
        if (left.length) next[r.key] = left;
        else delete next[r.key];
      }
    }
    const added = new Set<string>();
    for (const a of update.add) {
      this.checkOne(entity, a);
      const d = this.byKey.get(a.key)!;
      if (!d.updatable && current[a.key])
        throw fault(2306, 'PropertyNotUpdatable', `Property ${a.key} cannot be updated`);
      if (next[a.key] && next[a.key].length > 0) {
        throw fault(
          2306,
          'PropertySingleValued',
          `Property ${a.key} already has a value: remove it in the same update`,
        );
      }
      next[a.key] = a.values;
      added.add(a.key);
    }
    for (const d of this.definitions) {
      if (d.entityType !== entity || !current[d.key] || next[d.key]) continue;
      if (d.mandatory || !d.removable) {
        throw fault(2306, 'PropertyNotRemovable', `Property ${d.key} cannot be removed`);
      }
    }
    return next;
  }

  /** fury:check semantics: per value `VALID` or `INVALID` with a reason (sandbox's wording; Fury's: GAP). */
  check(props: { key: string; values: string[] }[]) {
    return props.map((p) => ({
      key: p.key,
      values: p.values.map((value) => {
        const problem = this.valueProblem(p.key, value);
        return problem ? { value, result: 'INVALID', reason: problem } : { value, result: 'VALID' };
      }),
    }));
  }
}
