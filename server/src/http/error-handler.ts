// The one error handler: 4xx keeps its message (written for the person who sent
// the request), 5xx becomes a generic message and the log gets the request context.
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { ErrorResponse } from '@fcc/shared';
import { ProblemListError } from './errors';

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const statusCode = statusOf(error);
    if (statusCode >= 500) {
      request.log.error({ err: error, url: request.url, method: request.method }, 'request failed');
    } else {
      request.log.info({ statusCode, reason: error.message }, 'request rejected');
    }
    const body: ErrorResponse = {
      statusCode,
      error: STATUS_CODES[statusCode] ?? 'Error',
      message: statusCode >= 500 ? 'Internal server error; it has been logged.' : describe(error),
      ...(error instanceof ProblemListError ? { problems: [...error.problems] } : {}),
    };
    return reply.status(statusCode).send(body);
  });
}

export function routeNotFound(request: FastifyRequest): ErrorResponse {
  return {
    statusCode: 404,
    error: 'Not Found',
    message: `No route ${request.method} ${request.url.split('?')[0]}.`,
  };
}

function statusOf(error: FastifyError): number {
  const status = error.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

function describe(error: FastifyError): string {
  if (error.validation) {
    const where = error.validationContext ?? 'request';
    const details = error.validation
      .map((issue) => {
        const field = issue.instancePath ? issue.instancePath.slice(1).replaceAll('/', '.') : '';
        if (issue.keyword === 'additionalProperties') {
          const extra = (issue.params as { additionalProperty?: string }).additionalProperty;
          return `unknown field "${[field, extra].filter(Boolean).join('.')}"`;
        }
        if (issue.keyword === 'required') {
          const missing = (issue.params as { missingProperty?: string }).missingProperty;
          return `missing field "${[field, missing].filter(Boolean).join('.')}"`;
        }
        return `${field ? `"${field}" ` : ''}${issue.message ?? 'is invalid'}`;
      })
      .join('; ');
    return `Invalid ${where}: ${details}.`;
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return 'Request body is too large.';
  }
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
    return `Request body is not valid JSON: ${error.message}`;
  }
  return error.message;
}
