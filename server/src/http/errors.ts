// Error classes that carry their HTTP status; the error handler turns them into ErrorResponse.
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(message: string) {
    super(400, message);
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = 'Sign in first: this request has no valid bearer token.') {
    super(401, message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message: string) {
    super(403, message);
  }
}
export class NotFoundError extends AppError {
  constructor(message: string) {
    super(404, message);
  }
}
export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, message);
  }
}
/** Well-formed, but the request cannot be carried out as it stands (too far to check in, too few to draw). */
export class UnprocessableError extends AppError {
  constructor(message: string) {
    super(422, message);
  }
}

/** A 400 that lists every problem found in a batch (e.g. a file), so all can be fixed at once. */
export class ProblemListError<Problem> extends BadRequestError {
  constructor(
    message: string,
    readonly problems: readonly Problem[],
  ) {
    super(message);
  }
}
