export { runScheduledJobs, type ScheduledJobsResult } from './run-scheduled-jobs';
