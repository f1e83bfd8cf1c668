/** A bug `npm run mutation` plants: `find`, once in `file`, replaced with `replace`. */
export interface Mutant {
  name: string;
  file: string;
  find: string;
  replace: string;
}

export declare const MUTANTS: readonly Mutant[];
