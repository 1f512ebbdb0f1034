export * from './comments';
export * from './mail';
export * from './media';
export * from './notifications';
export * from './posts';
export * from './realtime';
export * from './tags';
export * from './users';
