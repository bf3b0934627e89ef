// Which SQL dialect a store runs on.
export type StoreDialect = 'sqlite' | 'postgres';
