import { type ContractName, CONTRACT_PALLET } from '../../src/contracts';
import { parseAddress, readArgs, type ArgSchema, type ArgsOf } from './call-args';
import {
  PAID_UNPAYABLE_TRAP,
  U256_MAX,
  trapped,
  type CallContext,
  type CallOutcome,
  type ContractModel,
} from './contract-model';

/** One message of a model: whether it is payable, and how to run it on raw (unchecked) args. */
export interface MessageDef<S> {
  readonly payable: boolean;
  invoke(state: S, args: Record<string, unknown>, ctx: CallContext, label: string): CallOutcome;
}

/** The handler of one message: gets validated args and a context whose caller is canonical. */
export type MessageHandler<S, A extends ArgSchema> = (
  state: S,
  args: ArgsOf<A>,
  ctx: CallContext,
) => CallOutcome;

export interface MessageBuilder<S> {
  /** a message that traps when value is sent with it (ink!'s default) */
  plain<const A extends ArgSchema>(schema: A, run: MessageHandler<S, A>): MessageDef<S>;
  /** an `#[ink(message, payable)]` message */
  payable<const A extends ArgSchema>(schema: A, run: MessageHandler<S, A>): MessageDef<S>;
}

/** Builds message definitions for a model with state `S`, the args typed from their schema. */
export function messageBuilder<S>(): MessageBuilder<S> {
  const build =
    (payable: boolean) =>
    <const A extends ArgSchema>(schema: A, run: MessageHandler<S, A>): MessageDef<S> => ({
      payable,
      invoke: (state, args, ctx, label) => {
        const checked = readArgs(label, args, schema);
        if (!payable && ctx.value !== 0n) {
          return trapped(PAID_UNPAYABLE_TRAP);
        }
        return run(state, checked, ctx);
      },
    });
  return { plain: build(false), payable: build(true) };
}

export interface ModelDefinition<S> {
  name: ContractName;
  /** the state after `new(...)`; `admin` is the canonical (lowercase) deployer address */
  genesis(admin: `0x${string}`): S;
  messages: Readonly<Record<string, MessageDef<S>>>;
}

/**
 * Wraps a model definition with the checks every ink! dispatcher makes: the message must exist,
 * arguments must match, and value sent to a non-payable message traps (PaidUnpayableMessage).
 * Also validates the call context and hands the handler a canonical lowercase caller.
 */
export function defineModel<S>(definition: ModelDefinition<S>): ContractModel<S> {
  const addressKind = CONTRACT_PALLET[definition.name] === 'revive' ? 'h160' : 'accountId';
  return {
    name: definition.name,
    genesis: (admin) =>
      definition.genesis(parseAddress(addressKind, admin, `${definition.name}.new: admin`)),
    call(state, ctx, message, args) {
      const label = `${definition.name}.${message}`;
      const def = Object.hasOwn(definition.messages, message)
        ? definition.messages[message]
        : undefined;
      if (def === undefined) {
        throw new Error(`${label}: unknown message`);
      }
      return def.invoke(state, args, checkContext(ctx, addressKind, label), label);
    },
  };
}

function checkContext(
  ctx: CallContext,
  addressKind: 'h160' | 'accountId',
  label: string,
): CallContext {
  const caller = parseAddress(addressKind, ctx.caller, `${label}: ctx.caller`);
  if (typeof ctx.value !== 'bigint' || ctx.value < 0n || ctx.value > U256_MAX) {
    throw new Error(`${label}: ctx.value must be a bigint in 0..U256::MAX`);
  }
  if (!Number.isInteger(ctx.blockNumber) || ctx.blockNumber < 0) {
    throw new Error(`${label}: ctx.blockNumber must be a non-negative integer`);
  }
  if (typeof ctx.timestamp !== 'bigint' || ctx.timestamp < 0n) {
    throw new Error(`${label}: ctx.timestamp must be a non-negative bigint`);
  }
  return {
    caller,
    value: ctx.value,
    blockNumber: ctx.blockNumber,
    timestamp: ctx.timestamp,
    transfer: (to, amount) => ctx.transfer(to, amount),
  };
}
