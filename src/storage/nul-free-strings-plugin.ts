import {
  OperationNodeTransformer,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
} from 'kysely';

/** What a NUL character in a stored string becomes: the Unicode replacement character. */
export const NUL_REPLACEMENT = '\uFFFD';

/** `value` with every NUL replaced when it is a string; anything else as it is. */
export const withoutNul = (value: unknown): unknown =>
  typeof value === 'string' && value.includes('\0')
    ? value.replaceAll('\0', NUL_REPLACEMENT)
    : value;

class NulFreeStrings extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    const value = withoutNul(node.value);
    return value === node.value ? node : { ...node, value };
  }

  protected override transformPrimitiveValueList(
    node: PrimitiveValueListNode,
  ): PrimitiveValueListNode {
    return { ...node, values: node.values.map(withoutNul) };
  }
}

/**
 * Replaces NUL characters in every string parameter with U+FFFD. PostgreSQL `text` cannot hold
 * NUL (`invalid byte sequence for encoding "UTF8": 0x00`), and contract strings are anyone's
 * input: one `submit_job` with a NUL in its references made every follower batch on PostgreSQL fail
 * forever. Applied on both dialects, so a row reads the same on SQLite and PostgreSQL.
 */
export class NulFreeStringsPlugin implements KyselyPlugin {
  private readonly transformer = new NulFreeStrings();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.transformer.transformNode(args.node, args.queryId);
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}
