import { beforeEach } from 'vitest';
import { edgeDifferences } from './edge-differences';

beforeEach((context) => {
  const why = edgeDifferences[`${context.task.file.name}: ${context.task.name}`];
  if (why) context.skip(`differs on the edge: ${why}`);
});
