export { crc32String } from './crc32';
export { buildKetamaRing, shardIndexFor, MAX_RING_TRIES, type KetamaRing, type ShardServer } from './ketamaRing';
export { partitionBySid, sidOfJsonLine, type Partition } from './partitionBySid';
export { reshardMoves, ringShares, type ReshardMoves } from './reshardMoves';
export { shardServerOf } from './shardServer';
