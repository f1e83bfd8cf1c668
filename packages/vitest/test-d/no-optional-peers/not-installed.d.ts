// Stands in for an optional peer that is not installed: a module with nothing in it.
export {};
