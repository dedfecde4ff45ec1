// Recognising PostgreSQL's constraint errors, so services can answer 409/404 instead of 500.
// drizzle wraps the driver error; the SQLSTATE is on it or on its cause.
function sqlState(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown) => sqlState(error) === '23505';
export const isForeignKeyViolation = (error: unknown) => sqlState(error) === '23503';
export const isCheckViolation = (error: unknown) => sqlState(error) === '23514';
