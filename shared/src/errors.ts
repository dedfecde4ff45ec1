// The one error body every 4xx and 5xx response carries.
import { Type, type Static } from 'typebox';

export const ErrorResponse = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String({ description: 'HTTP reason phrase, e.g. "Bad Request"' }),
  message: Type.String({ description: 'What went wrong, in words a person can act on' }),
  problems: Type.Optional(
    Type.Array(Type.Unknown(), {
      description: 'When a request was checked as a whole (a file): every problem found, not just the first',
    }),
  ),
});
export type ErrorResponse = Static<typeof ErrorResponse>;
