/** One row of the bad-input table: a call with wrong input and the typed error it must give. */
export interface Row {
  name: string;
  /** The call; a returned promise is awaited. */
  run: () => unknown;
  /** The EdgecaseError code, or the SDK exception's name when `errorClass` is given. */
  code: string;
  /** A part of the message that shows the value received (the "got Y"). */
  shows: string;
  /** For errors S3 itself gives: the SDK's modelled exception class (e.g. S3ServiceException). */
  errorClass?: abstract new (
    ...args: never[]
  ) => Error;
}

export const row = (
  name: string,
  run: () => unknown,
  code: string,
  shows: string,
  errorClass?: Row['errorClass'],
): Row => (errorClass ? { name, run, code, shows, errorClass } : { name, run, code, shows });
