export type { BlockProjector } from './block-projector';
export {
  ChainFollower,
  FollowerStoppedError,
  type ChainFollowerConfig,
  type FollowerProgress,
} from './chain-follower';
export { decodeBlockEvents, type DecodedBlockEvents } from './decode-block-events';
export * from './follower-store';
