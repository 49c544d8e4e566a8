export * from './executor-sandbox';
export * from './sandbox-outcome';
export { CHILD_ENV_ALLOW_LIST, pickChildEnv } from './child-launch';
