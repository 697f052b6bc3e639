// Executes one GraphQL document the SDK sent: walks the selection (one chain per document, as
// the SDK builds them), answers `id` with an encoded chain and computes the leaf.
import {
  Kind, valueFromASTUntyped,
  type DocumentNode, type FieldNode, type SelectionSetNode,
} from "graphql";
import { decodeId, encodeId, expandIds, type ArgValue, type Step } from "./chain.js";
import { ExecFailure, UnsupportedByFake, type Evaluator } from "./evaluate.js";
import { computeLeaf } from "./leaves.js";
import type { Schema } from "./schema.js";

export interface LeafCall {
  /** Type of the object the leaf was read from. */
  on: string;
  field: string;
  args: Record<string, ArgValue>;
  /** The object's chain (ID arguments expanded). */
  chain: Step[];
  /** The value returned to the SDK (absent when the leaf failed). */
  result?: unknown;
  /** Set when the leaf failed (message as sent to the SDK). */
  error?: string;
}

export interface GraphQLErrorOut {
  message: string;
  path?: string[];
  extensions?: Record<string, unknown>;
}

export interface ExecutionOutcome {
  data: unknown;
  errors?: GraphQLErrorOut[];
  leaves: LeafCall[];
  /** Query-level object fields resolved (e.g. setSecret), with their arguments. */
  rootSteps: Step[];
}

class FieldError extends Error {
  constructor(message: string, readonly path: string[], readonly extensions?: Record<string, unknown>) {
    super(message);
  }
}

export class Resolver {
  private rootSteps: Step[] = [];

  constructor(private readonly schema: Schema, private readonly evaluator: Evaluator) {}

  execute(doc: DocumentNode, variables: Record<string, unknown>): ExecutionOutcome {
    const leaves: LeafCall[] = [];
    this.rootSteps = [];
    const rootSteps = this.rootSteps;
    const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (!op || op.kind !== Kind.OPERATION_DEFINITION) {
      return { data: null, errors: [{ message: "no operation in document" }], leaves, rootSteps };
    }
    try {
      const data = this.selections("Query", [], op.selectionSet, variables, [], leaves);
      return { data, leaves, rootSteps };
    } catch (e) {
      if (e instanceof FieldError) {
        return { data: null, errors: [{ message: e.message, path: e.path, extensions: e.extensions }], leaves, rootSteps };
      }
      throw e;
    }
  }

  private selections(
    type: string, chain: Step[], set: SelectionSetNode, vars: Record<string, unknown>,
    path: string[], leaves: LeafCall[],
  ): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        Object.assign(out, this.selections(sel.typeCondition?.name.value ?? type, chain, sel.selectionSet, vars, path, leaves));
      } else if (sel.kind === Kind.FIELD) {
        const name = sel.alias?.value ?? sel.name.value;
        out[name] = this.field(type, chain, sel, vars, [...path, name], leaves);
      } else {
        throw new FieldError("fragment spreads are not supported by the fake", path);
      }
    }
    return out;
  }

  private field(
    type: string, chain: Step[], node: FieldNode, vars: Record<string, unknown>,
    path: string[], leaves: LeafCall[],
  ): unknown {
    const field = node.name.value;
    const args: Record<string, ArgValue> = {};
    for (const a of node.arguments ?? []) {
      args[a.name.value] = expandIds(valueFromASTUntyped(a.value, vars) as ArgValue);
    }
    if (field === "__typename") return type;
    if (field === "id") return encodeId({ $type: type, chain });
    const sub = (t: string, c: Step[]): Record<string, unknown> => {
      if (!node.selectionSet) throw new FieldError(`field "${field}" of type "${t}" must have a selection of subfields`, path);
      return this.selections(t, c, node.selectionSet, vars, path, leaves);
    };
    if (type === "Query" && (field === "node" || /^load\w+FromID$/.test(field))) {
      const id = node.arguments?.find((a) => a.name.value === "id");
      const raw = id ? valueFromASTUntyped(id.value, vars) : undefined;
      const ref = this.guard(path, () => decodeId(String(raw)));
      const wanted = field === "node" ? undefined : field.slice(4, -6);
      if (wanted && wanted !== ref.$type) {
        throw new FieldError(`${field}: the ID is a ${ref.$type}, not a ${wanted}`, path);
      }
      return sub(ref.$type, ref.chain);
    }
    const kind = this.schema.get(type)?.get(field);
    if (!kind) throw new FieldError(`Cannot query field "${field}" on type "${type}".`, path);
    if (kind.kind === "object") {
      const step: Step = { field, args, type: kind.type };
      if (type === "Query") this.rootSteps.push(step);
      return sub(kind.type, [...chain, step]);
    }
    if (kind.kind === "objectList") {
      throw new FieldError(`${type}.${field} returns a list of objects, which the fake Dagger session does not support`, path);
    }
    const leaf: LeafCall = { on: type, field, args, chain };
    leaves.push(leaf);
    try {
      leaf.result = this.guard(path, () => {
        if (kind.kind === "idOf") {
          this.evaluator.evaluate(chain);
          return encodeId({ $type: kind.type, chain });
        }
        return computeLeaf(this.evaluator, type, chain, field, args);
      });
      return leaf.result;
    } catch (e) {
      leaf.error = (e as Error).message;
      throw e;
    }
  }

  private guard<T>(path: string[], fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof FieldError) throw e;
      if (e instanceof ExecFailure) {
        const { call, exitCode, stdout, stderr } = e.outcome;
        throw new FieldError(e.message, path, { _type: "EXEC_ERROR", cmd: call.args, exitCode, stdout, stderr });
      }
      const prefix = e instanceof UnsupportedByFake ? "[fake dagger] " : "";
      throw new FieldError(prefix + (e as Error).message, path);
    }
  }
}
