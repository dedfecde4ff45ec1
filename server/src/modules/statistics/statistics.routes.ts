// Statistics over HTTP, for supervisors and administrators (supervision reads the statistics of
// enforcement activity; operators run the room and are not given officers' performance figures).
// Each answer is JSON, or CSV with `format=csv` or `Accept: text/csv`.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  OfficerStatistics,
  OfficerStatisticsQuery,
  STATISTICS_TIME_ZONE,
  TaskStatistics,
  TaskStatisticsQuery,
} from '@fcc/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services';
import { officerStatisticsCsv, taskStatisticsCsv } from './statistics-csv';

const READERS = ['administrator', 'supervisor'] as const;

const csvNote = ' As CSV (UTF-8 with a byte-order mark, header row) with format=csv or Accept: text/csv.';

export const statisticsRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const statistics = services.statistics;

  app.get(
    '/tasks',
    {
      config: { access: READERS },
      schema: {
        tags: ['statistics'],
        summary: 'Tasks per day and per area, time to acknowledge/arrive/close, SLA breaches.' + csvNote,
        querystring: TaskStatisticsQuery,
        response: { 200: TaskStatistics },
      },
    },
    async (request, reply) => {
      const result = await statistics.taskStatistics(request.query);
      if (!wantsCsv(request, request.query.format)) return result;
      const table = request.query.table ?? 'per-day';
      return sendCsv(reply, `tasks-${table}-${rangeName(result)}.csv`, taskStatisticsCsv(result, table));
    },
  );

  app.get(
    '/officers',
    {
      config: { access: READERS },
      schema: {
        tags: ['statistics'],
        summary: "Officers' distance travelled (GPS jitter filtered out) and time on duty." + csvNote,
        querystring: OfficerStatisticsQuery,
        response: { 200: OfficerStatistics },
      },
    },
    async (request, reply) => {
      const result = await statistics.officerStatistics(request.query);
      if (!wantsCsv(request, request.query.format)) return result;
      return sendCsv(reply, `officers-${rangeName(result)}.csv`, officerStatisticsCsv(result));
    },
  );
};

function wantsCsv(request: FastifyRequest, format: 'json' | 'csv' | undefined): boolean {
  if (format) return format === 'csv';
  return /\btext\/csv\b/.test(request.headers.accept ?? '');
}

const localDay = new Intl.DateTimeFormat('en-CA', { timeZone: STATISTICS_TIME_ZONE });

/** First and last day of the range in the bureau's time zone (`to` is exclusive). */
function rangeName(range: { from: string; to: string }): string {
  return `${localDay.format(Date.parse(range.from))}_${localDay.format(Date.parse(range.to) - 1)}`;
}

function sendCsv(reply: FastifyReply, filename: string, csv: string) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(csv);
}
