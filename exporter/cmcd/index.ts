/** The CMCD module's public face, for exporter/serve, the CLI and tests. */
export { cmcdModule } from './cmcdModule';
export { cmcdConfigSchema, parseCmcdConfig, type CmcdConfig, type CmcdConfigInput } from './config';
export { applyNginxLogLines, applyPlayerReports, type CmcdBatchResult, type CmcdIngest } from './cmcdBatch';
export { CmcdMapping } from './cmcdMapping';
export { PlayerCounters } from './playerCounters';
export { followFile, type FileFollower } from './fileFollower';
