export * from './comments';
export * from './media';
export * from './notifications';
export * from './post-history';
export * from './posts';
export * from './realtime';
export * from './tags';
export * from './users';
