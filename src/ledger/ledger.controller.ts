import { Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireScopes } from '../auth/scopes.decorator';
import { LedgerBundle } from './bundle/bundle';
import {
  ConsistencyProofQuery,
  InclusionProofQuery,
  LedgerEntriesQuery,
  LedgerExportQuery,
  LedgerPeriodQuery,
  SubjectBundleQuery,
  toEntryFilter,
} from './dto/ledger-query.dto';
import { LedgerExceptionFilter } from './ledger-exception.filter';
import { toCsvRow, CSV_HEADER } from './ledger-export';
import { LedgerVerification } from './ledger-verification';
import {
  CheckpointView,
  ConsistencyProofView,
  EntryPage,
  InclusionProofView,
  LedgerService,
  LedgerSummary,
} from './ledger.service';

/** The ledger for auditors: read-only, scope `ledger:read` (the order system's token has no access). */
@ApiTags('ledger')
@ApiBearerAuth()
@RequireScopes('ledger:read')
@UseFilters(LedgerExceptionFilter)
@Controller('v1/ledger')
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  @Get('entries')
  entries(@Query() q: LedgerEntriesQuery): Promise<EntryPage> {
    return this.ledger.searchEntries(toEntryFilter(q), q.cursor, q.limit ?? 100);
  }

  /** Every entry matching the filter, streamed as CSV or JSON Lines. */
  @Get('entries/export')
  async export(@Query() q: LedgerExportQuery, @Res() res: Response): Promise<void> {
    const csv = q.format === 'csv';
    res.status(200);
    res.setHeader('Content-Type', csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="ledger-entries.${csv ? 'csv' : 'jsonl'}"`);
    const write = async (chunk: string) => {
      if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', () => resolve()));
    };
    try {
      if (csv) await write(CSV_HEADER);
      for await (const e of this.ledger.exportEntries(toEntryFilter(q))) {
        await write(csv ? toCsvRow(e) : `${JSON.stringify(e)}\n`);
      }
      res.end();
    } catch {
      // Headers are gone: cut the stream so the client sees an incomplete download, not a short one.
      res.destroy();
    }
  }

  @Get('summary')
  summary(@Query() q: LedgerPeriodQuery): Promise<LedgerSummary> {
    return this.ledger.summary(q.from ? new Date(q.from) : undefined, q.to ? new Date(q.to) : undefined);
  }

  /** The latest signed checkpoint; the first is issued when none exists yet. */
  @Get('checkpoints/latest')
  async latestCheckpoint(): Promise<CheckpointView> {
    return (await this.ledger.latestCheckpoint()) ?? this.ledger.issueCheckpoint();
  }

  @Get('proofs/inclusion/:leafIndex')
  inclusion(
    @Param('leafIndex', ParseIntPipe) leafIndex: number,
    @Query() q: InclusionProofQuery,
  ): Promise<InclusionProofView> {
    return this.ledger.inclusionProof(leafIndex, q.treeSize);
  }

  @Get('proofs/consistency')
  consistency(@Query() q: ConsistencyProofQuery): Promise<ConsistencyProofView> {
    return this.ledger.consistencyProof(q.from, q.to);
  }

  @Post('verify')
  @HttpCode(200)
  verify(): Promise<LedgerVerification> {
    return this.ledger.verifyLedger();
  }

  @Get('bundle')
  bundle(@Query() q: SubjectBundleQuery): Promise<LedgerBundle> {
    return this.ledger.bundleForSubject(q.subject);
  }
}
