// Sign-in and the signed-in account.
import { Type, type Static } from 'typebox';
import { Id, Role } from './roles';

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const User = Type.Object({
  id: Id,
  username: Type.String(),
  displayName: Type.String(),
  role: Role,
  officerId: Type.Union([Id, Type.Null()]),
  disabled: Type.Boolean(),
});
export type User = Static<typeof User>;

export const LoginResponse = Type.Object({
  token: Type.String({ description: 'Bearer token for the Authorization header' }),
  expiresAt: Type.String({ format: 'date-time' }),
  user: User,
});
export type LoginResponse = Static<typeof LoginResponse>;

export const UserCreateBody = Type.Object(
  {
    username: Type.String({ minLength: 3, maxLength: 64, pattern: '^[a-zA-Z0-9._-]+$' }),
    displayName: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 10, maxLength: 256 }),
    role: Role,
    officerId: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  { additionalProperties: false },
);
export type UserCreateBody = Static<typeof UserCreateBody>;

export const UserUpdateBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    password: Type.Optional(Type.String({ minLength: 10, maxLength: 256 })),
    role: Type.Optional(Role),
    officerId: Type.Optional(Type.Union([Id, Type.Null()])),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UserUpdateBody = Static<typeof UserUpdateBody>;
