import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import type { XmlBuildElement } from '../../epp/codec/xml';
import type { ContactAddress } from '../rules/contact-rules';
import type { PropertyValues } from '../properties';

/**
 * The sandbox registry's state in PostgreSQL (schema `sandbox`, see migration 1764100000000). Named
 * queries only; callers run multi-step commands inside `transaction()`, where a row lock
 * (`FOR UPDATE`) serialises concurrent sessions touching the same object.
 */
export type Db = Pool | PoolClient;

export interface ContactRow {
  id: string;
  roid: string;
  registrar: string;
  postal: ContactAddress;
  voice: { number: string; x?: string } | null;
  fax: { number: string; x?: string } | null;
  email: string;
  authPw: string;
  disclose: { flag: boolean; elements: string[] } | null;
  properties: PropertyValues;
  statuses: string[];
  crId: string;
  crDate: Date;
  upId: string | null;
  upDate: Date | null;
}

export interface HostRow {
  name: string;
  roid: string;
  registrar: string;
  addrs: { ip: 'v4' | 'v6'; addr: string }[];
  statuses: string[];
  crId: string;
  crDate: Date;
  upId: string | null;
  upDate: Date | null;
}

export interface TransferRecord {
  reID: string;
  reDate: string;
  acID: string;
  acDate: string;
  trStatus: 'serverApproved';
}

export interface DomainRow {
  name: string;
  roid: string;
  registrar: string;
  registrant: string;
  admin: string[];
  tech: string[];
  ns: string[];
  authPw: string;
  statuses: string[];
  properties: PropertyValues;
  secDns: string | null;
  crId: string;
  crDate: Date;
  upId: string | null;
  upDate: Date | null;
  exDate: Date;
  trDate: Date | null;
  lastTransfer: TransferRecord | null;
  rgpStatus: 'redemptionPeriod' | 'pendingRestore' | null;
  rgpEnd: Date | null;
  pendingRestoreEnd: Date | null;
  deletedAt: Date | null;
}

export interface PollMessageRow {
  id: string;
  registrar: string;
  qDate: Date;
  msg: string;
  resData: XmlBuildElement | null;
}

export interface RecordedFrame {
  at: Date;
  registrar: string | null;
  sessionId: string;
  direction: 'in' | 'out';
  xml: string;
  command?: string;
}

export interface FrameFilter {
  registrar?: string;
  sessionId?: string;
  /** Only the last N frames (still returned oldest first). */
  last?: number;
}

// Registrar passwords are stored hashed even in a sandbox (they may be reused); scrypt with a small cost,
// asynchronously, so a login never blocks the event loop that serves the other sessions.
const SCRYPT_COST = 1024;

function scryptAsync(password: string, salt: Buffer, length: number, N: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, length, { N, r: 8, p: 1 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt:<N>:<salt hex>:<hash hex>`. */
async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32, SCRYPT_COST);
  return `scrypt:${SCRYPT_COST}:${salt.toString('hex')}:${hash.toString('hex')}`;
}

async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split(':');
  // Older rows have no cost field and used node's default cost (16384).
  const [scheme, cost, saltHex, hashHex] =
    parts.length === 3 ? [parts[0], '16384', parts[1], parts[2]] : parts;
  if (scheme !== 'scrypt' || !saltHex || !hashHex || !/^[0-9]+$/.test(cost)) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = await scryptAsync(password, Buffer.from(saltHex, 'hex'), expected.length, Number(cost));
  return timingSafeEqual(expected, actual);
}

type Row = Record<string, unknown>;

function contactFrom(r: Row): ContactRow {
  return {
    id: r.id as string,
    roid: r.roid as string,
    registrar: r.registrar as string,
    postal: r.postal as ContactAddress,
    voice: (r.voice as ContactRow['voice']) ?? null,
    fax: (r.fax as ContactRow['fax']) ?? null,
    email: r.email as string,
    authPw: r.auth_pw as string,
    disclose: (r.disclose as ContactRow['disclose']) ?? null,
    properties: (r.properties as PropertyValues) ?? {},
    statuses: (r.statuses as string[]) ?? [],
    crId: r.cr_id as string,
    crDate: r.cr_date as Date,
    upId: (r.up_id as string) ?? null,
    upDate: (r.up_date as Date) ?? null,
  };
}

function hostFrom(r: Row): HostRow {
  return {
    name: r.name as string,
    roid: r.roid as string,
    registrar: r.registrar as string,
    addrs: r.addrs as HostRow['addrs'],
    statuses: (r.statuses as string[]) ?? [],
    crId: r.cr_id as string,
    crDate: r.cr_date as Date,
    upId: (r.up_id as string) ?? null,
    upDate: (r.up_date as Date) ?? null,
  };
}

function domainFrom(r: Row): DomainRow {
  return {
    name: r.name as string,
    roid: r.roid as string,
    registrar: r.registrar as string,
    registrant: r.registrant as string,
    admin: r.admin as string[],
    tech: r.tech as string[],
    ns: r.ns as string[],
    authPw: r.auth_pw as string,
    statuses: r.statuses as string[],
    properties: (r.properties as PropertyValues) ?? {},
    secDns: (r.sec_dns as string) ?? null,
    crId: r.cr_id as string,
    crDate: r.cr_date as Date,
    upId: (r.up_id as string) ?? null,
    upDate: (r.up_date as Date) ?? null,
    exDate: r.ex_date as Date,
    trDate: (r.tr_date as Date) ?? null,
    lastTransfer: (r.last_transfer as TransferRecord) ?? null,
    rgpStatus: (r.rgp_status as DomainRow['rgpStatus']) ?? null,
    rgpEnd: (r.rgp_end as Date) ?? null,
    pendingRestoreEnd: (r.pending_restore_end as Date) ?? null,
    deletedAt: (r.deleted_at as Date) ?? null,
  };
}

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

export class SandboxStore {
  readonly pool: Pool;

  constructor(databaseUrl: string, onError: (error: Error) => void = () => undefined) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 8 });
    // pg emits 'error' on the pool when an idle connection dies (database restart, terminated
    // backend); unheard, that event would end the whole process, which hosts the service too.
    this.pool.on('error', onError);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async transaction<T>(fn: (db: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  // ---- ids ----------------------------------------------------------------------------------------

  async nextSvTRID(): Promise<string> {
    const { rows } = await this.pool.query(`SELECT nextval('sandbox.sv_trid_seq') AS n`);
    return `SBX-${String(rows[0].n).padStart(9, '0')}`;
  }

  async nextRoid(db: Db, kind: 'D' | 'C' | 'H'): Promise<string> {
    const { rows } = await db.query(`SELECT nextval('sandbox.roid_seq') AS n`);
    return `${kind}${rows[0].n}-SBX`;
  }

  // ---- registrars ---------------------------------------------------------------------------------

  /** Seeds a registrar from configuration; an existing one keeps its (possibly changed) password. */
  async seedRegistrar(id: string, password: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO sandbox.registrar (id, password_hash) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`,
      [id, await hashPassword(password)],
    );
  }

  async checkPassword(id: string, password: string): Promise<boolean> {
    const { rows } = await this.pool.query(`SELECT password_hash FROM sandbox.registrar WHERE id = $1`, [id]);
    return rows.length === 1 && (await verifyPassword(password, rows[0].password_hash as string));
  }

  async setPassword(id: string, password: string): Promise<void> {
    await this.pool.query(`UPDATE sandbox.registrar SET password_hash = $2 WHERE id = $1`, [
      id,
      await hashPassword(password),
    ]);
  }

  // ---- contacts -----------------------------------------------------------------------------------

  async findContact(db: Db, id: string, lock = false): Promise<ContactRow | undefined> {
    const { rows } = await db.query(
      `SELECT * FROM sandbox.contact WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? contactFrom(rows[0]) : undefined;
  }

  async existingContactIds(db: Db, ids: string[]): Promise<Set<string>> {
    const { rows } = await db.query(`SELECT id FROM sandbox.contact WHERE id = ANY($1)`, [ids]);
    return new Set(rows.map((r: Row) => r.id as string));
  }

  /** Inserts; false when the id is taken (the primary key decides, not a prior check). */
  async insertContact(db: Db, c: ContactRow): Promise<boolean> {
    const { rowCount } = await db.query(
      `INSERT INTO sandbox.contact (id, roid, registrar, postal, voice, fax, email, auth_pw, disclose, properties, statuses, cr_id, cr_date)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) ON CONFLICT (id) DO NOTHING`,
      [
        c.id,
        c.roid,
        c.registrar,
        json(c.postal),
        json(c.voice),
        json(c.fax),
        c.email,
        c.authPw,
        json(c.disclose),
        json(c.properties),
        c.statuses,
        c.crId,
        c.crDate,
      ],
    );
    return rowCount === 1;
  }

  async updateContact(db: Db, c: ContactRow): Promise<void> {
    await db.query(
      `UPDATE sandbox.contact SET postal=$2, voice=$3, fax=$4, email=$5, auth_pw=$6, disclose=$7, properties=$8,
         statuses=$9, up_id=$10, up_date=$11 WHERE id=$1`,
      [
        c.id,
        json(c.postal),
        json(c.voice),
        json(c.fax),
        c.email,
        c.authPw,
        json(c.disclose),
        json(c.properties),
        c.statuses,
        c.upId,
        c.upDate,
      ],
    );
  }

  async deleteContact(db: Db, id: string): Promise<void> {
    await db.query(`DELETE FROM sandbox.contact WHERE id = $1`, [id]);
  }

  /** Domains (including those in redemption) that link a contact in any role. */
  async domainsLinkingContact(db: Db, id: string): Promise<{ name: string; asRegistrant: boolean }[]> {
    const { rows } = await db.query(
      `SELECT name, registrant = $1 AS as_registrant FROM sandbox.domain
        WHERE registrant = $1 OR $1 = ANY(admin) OR $1 = ANY(tech)`,
      [id],
    );
    return rows.map((r: Row) => ({ name: r.name as string, asRegistrant: r.as_registrant as boolean }));
  }

  // ---- hosts --------------------------------------------------------------------------------------

  async findHost(db: Db, name: string, lock = false): Promise<HostRow | undefined> {
    const { rows } = await db.query(
      `SELECT * FROM sandbox.host WHERE name = $1${lock ? ' FOR UPDATE' : ''}`,
      [name],
    );
    return rows[0] ? hostFrom(rows[0]) : undefined;
  }

  async existingHostNames(db: Db, names: string[]): Promise<Set<string>> {
    const { rows } = await db.query(`SELECT name FROM sandbox.host WHERE name = ANY($1)`, [names]);
    return new Set(rows.map((r: Row) => r.name as string));
  }

  async insertHost(db: Db, h: HostRow): Promise<boolean> {
    const { rowCount } = await db.query(
      `INSERT INTO sandbox.host (name, roid, registrar, addrs, statuses, cr_id, cr_date)
       VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (name) DO NOTHING`,
      [h.name, h.roid, h.registrar, json(h.addrs), h.statuses, h.crId, h.crDate],
    );
    return rowCount === 1;
  }

  async updateHost(db: Db, h: HostRow): Promise<void> {
    await db.query(`UPDATE sandbox.host SET addrs=$2, statuses=$3, up_id=$4, up_date=$5 WHERE name=$1`, [
      h.name,
      json(h.addrs),
      h.statuses,
      h.upId,
      h.upDate,
    ]);
  }

  async deleteHost(db: Db, name: string): Promise<void> {
    await db.query(`DELETE FROM sandbox.host WHERE name = $1`, [name]);
  }

  async domainsUsingHost(db: Db, name: string): Promise<string[]> {
    const { rows } = await db.query(`SELECT name FROM sandbox.domain WHERE $1 = ANY(ns)`, [name]);
    return rows.map((r: Row) => r.name as string);
  }

  async subordinateHosts(db: Db, domain: string): Promise<string[]> {
    const { rows } = await db.query(`SELECT name FROM sandbox.host WHERE name LIKE $1 ORDER BY name`, [
      '%.' + domain.replace(/[%_\\]/g, '\\$&'),
    ]);
    return rows.map((r: Row) => r.name as string);
  }

  // ---- domains ------------------------------------------------------------------------------------

  async findDomain(db: Db, name: string, lock = false): Promise<DomainRow | undefined> {
    const { rows } = await db.query(
      `SELECT * FROM sandbox.domain WHERE name = $1${lock ? ' FOR UPDATE' : ''}`,
      [name],
    );
    return rows[0] ? domainFrom(rows[0]) : undefined;
  }

  async existingDomainNames(db: Db, names: string[]): Promise<Set<string>> {
    const { rows } = await db.query(`SELECT name FROM sandbox.domain WHERE name = ANY($1)`, [names]);
    return new Set(rows.map((r: Row) => r.name as string));
  }

  async insertDomain(db: Db, d: DomainRow): Promise<boolean> {
    const { rowCount } = await db.query(
      `INSERT INTO sandbox.domain (name, roid, registrar, registrant, admin, tech, ns, auth_pw, statuses, properties,
         sec_dns, cr_id, cr_date, ex_date)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) ON CONFLICT (name) DO NOTHING`,
      [
        d.name,
        d.roid,
        d.registrar,
        d.registrant,
        d.admin,
        d.tech,
        d.ns,
        d.authPw,
        d.statuses,
        json(d.properties),
        d.secDns,
        d.crId,
        d.crDate,
        d.exDate,
      ],
    );
    return rowCount === 1;
  }

  async updateDomain(db: Db, d: DomainRow): Promise<void> {
    await db.query(
      `UPDATE sandbox.domain SET registrar=$2, registrant=$3, admin=$4, tech=$5, ns=$6, auth_pw=$7, statuses=$8,
         properties=$9, sec_dns=$10, up_id=$11, up_date=$12, ex_date=$13, tr_date=$14, last_transfer=$15,
         rgp_status=$16, rgp_end=$17, pending_restore_end=$18, deleted_at=$19
       WHERE name=$1`,
      [
        d.name,
        d.registrar,
        d.registrant,
        d.admin,
        d.tech,
        d.ns,
        d.authPw,
        d.statuses,
        json(d.properties),
        d.secDns,
        d.upId,
        d.upDate,
        d.exDate,
        d.trDate,
        json(d.lastTransfer),
        d.rgpStatus,
        d.rgpEnd,
        d.pendingRestoreEnd,
        d.deletedAt,
      ],
    );
  }

  async deleteDomain(db: Db, name: string): Promise<void> {
    await db.query(`DELETE FROM sandbox.domain WHERE name = $1`, [name]);
  }

  /** Domains whose redemption period ended at `now` (to purge), locked, skipping rows another purge holds. */
  async domainsDueForPurge(db: Db, now: Date): Promise<DomainRow[]> {
    const { rows } = await db.query(
      `SELECT * FROM sandbox.domain WHERE rgp_status = 'redemptionPeriod' AND rgp_end <= $1
        ORDER BY rgp_end FOR UPDATE SKIP LOCKED`,
      [now],
    );
    return rows.map(domainFrom);
  }

  /** Domains whose pendingRestore (waiting for a restore report) timed out. */
  async domainsWithExpiredPendingRestore(db: Db, now: Date): Promise<DomainRow[]> {
    const { rows } = await db.query(
      `SELECT * FROM sandbox.domain WHERE rgp_status = 'pendingRestore' AND pending_restore_end <= $1 FOR UPDATE SKIP LOCKED`,
      [now],
    );
    return rows.map(domainFrom);
  }

  // ---- poll queue ---------------------------------------------------------------------------------

  async enqueuePoll(
    db: Db,
    registrar: string,
    qDate: Date,
    msg: string,
    resData?: XmlBuildElement,
  ): Promise<string> {
    const { rows } = await db.query(
      `INSERT INTO sandbox.poll_message (registrar, q_date, msg, res_data) VALUES ($1,$2,$3,$4) RETURNING id`,
      [registrar, qDate, msg, json(resData ?? null)],
    );
    return String(rows[0].id);
  }

  async pollHead(db: Db, registrar: string): Promise<{ head?: PollMessageRow; count: number }> {
    const { rows } = await db.query(
      `SELECT id, registrar, q_date, msg, res_data, count(*) OVER () AS total
         FROM sandbox.poll_message WHERE registrar = $1 ORDER BY id LIMIT 1`,
      [registrar],
    );
    if (!rows[0]) return { count: 0 };
    const r = rows[0];
    return {
      count: Number(r.total),
      head: {
        id: String(r.id),
        registrar: r.registrar as string,
        qDate: r.q_date as Date,
        msg: r.msg as string,
        resData: (r.res_data as XmlBuildElement) ?? null,
      },
    };
  }

  /** Removes a message of this registrar; false when there is no such message. */
  async ackPoll(db: Db, registrar: string, id: string): Promise<boolean> {
    if (!/^[0-9]{1,18}$/.test(id)) return false;
    const { rowCount } = await db.query(`DELETE FROM sandbox.poll_message WHERE registrar = $1 AND id = $2`, [
      registrar,
      id,
    ]);
    return rowCount === 1;
  }

  // ---- recorded frames ----------------------------------------------------------------------------

  async recordFrame(f: RecordedFrame): Promise<void> {
    await this.pool.query(
      `INSERT INTO sandbox.frame (at, registrar, session_id, direction, command, xml) VALUES ($1,$2,$3,$4,$5,$6)`,
      [f.at, f.registrar, f.sessionId, f.direction, f.command ?? null, f.xml],
    );
  }

  async frames(filter: FrameFilter = {}): Promise<RecordedFrame[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.registrar !== undefined) {
      params.push(filter.registrar);
      where.push(`registrar = $${params.length}`);
    }
    if (filter.sessionId !== undefined) {
      params.push(filter.sessionId);
      where.push(`session_id = $${params.length}`);
    }
    const limit = filter.last !== undefined ? ` LIMIT ${Math.max(0, Math.floor(filter.last))}` : '';
    const { rows } = await this.pool.query(
      `SELECT * FROM (SELECT * FROM sandbox.frame ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
         ORDER BY id DESC${limit}) f ORDER BY id`,
      params,
    );
    return rows.map((r: Row) => ({
      at: r.at as Date,
      registrar: (r.registrar as string) ?? null,
      sessionId: r.session_id as string,
      direction: r.direction as 'in' | 'out',
      xml: r.xml as string,
      ...(r.command ? { command: r.command as string } : {}),
    }));
  }

  /**
   * Empties the sandbox tables (tests, `sandbox reset`). With keepRegistrars the accounts stay, so a
   * running sandbox still accepts logins; otherwise the caller re-seeds them.
   */
  async reset(options: { keepRegistrars?: boolean } = {}): Promise<void> {
    await this.pool.query(
      `TRUNCATE sandbox.frame, sandbox.poll_message, sandbox.domain, sandbox.host, sandbox.contact${
        options.keepRegistrars ? '' : ', sandbox.registrar'
      }`,
    );
  }
}
