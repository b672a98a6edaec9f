// Every division in the recording rules, the alerts and the dashboards divides sums over instances:
// with N shards, a ratio of raw per-shard series would be N ratios (or a ratio of one shard's share).
// A small PromQL parser (precedence and all) finds each `/` and checks both operands: an aggregation
// that does not keep `instance`, a recorded series (`level:metric:op`, aggregated when recorded), a
// number, time() or vector(); a binary expression of those; or a function of one (sort_desc, clamp...).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

const root = join(__dirname, '..');

type Node =
  | { kind: 'number' }
  | { kind: 'string' }
  | { kind: 'selector'; name: string }
  | { kind: 'aggregation'; op: string; by?: string[]; without?: string[]; args: Node[] }
  | { kind: 'call'; fn: string; args: Node[] }
  | { kind: 'binary'; op: string; left: Node; right: Node }
  | { kind: 'unary'; operand: Node };

const AGGREGATIONS = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'count',
  'stddev',
  'stdvar',
  'topk',
  'bottomk',
  'quantile',
  'count_values',
  'group',
]);
/** Binary operators by precedence, loosest first (PromQL: or < and/unless < comparisons < +- < * / % atan2 < ^). */
const LEVELS = [
  ['or'],
  ['and', 'unless'],
  ['==', '!=', '<=', '>=', '<', '>'],
  ['+', '-'],
  ['*', '/', '%', 'atan2'],
  ['^'],
];

function tokenize(expr: string): string[] {
  const re =
    /\s+|#[^\n]*|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\[[^\]]*\]|\{[^}]*\}|==|!=|<=|>=|=~|!~|[-+*/%^<>(),=@]|[0-9.]+(?:e[-+]?\d+)?|[A-Za-z_:$][\w:$]*/gy;
  const out: string[] = [];
  for (let at = 0; at < expr.length; at = re.lastIndex) {
    const m = re.exec(expr);
    if (!m) throw new Error(`cannot tokenize at "${expr.slice(at, at + 20)}"`);
    if (!/^\s|^#/.test(m[0])) out.push(m[0]);
  }
  return out;
}

function parse(expr: string): Node {
  const t = tokenize(expr);
  let i = 0;
  const peek = () => t[i];
  const skip = (n: number) => void (i += n);
  const take = (want?: string) => {
    const tok = t[i++];
    if (tok === undefined || (want && tok !== want))
      throw new Error(`expected ${want ?? 'a token'} at ${i} in ${expr}`);
    return tok;
  };
  const labelList = () => {
    take('(');
    const labels: string[] = [];
    while (peek() !== ')') {
      const tok = take();
      if (tok !== ',') labels.push(tok);
    }
    take(')');
    return labels;
  };
  const args = () => {
    take('(');
    const out: Node[] = [];
    while (peek() !== ')') {
      out.push(binary(0));
      if (peek() === ',') take(',');
    }
    take(')');
    return out;
  };
  const postfix = (node: Node): Node => {
    // Range, subquery, offset and @ modifiers change no aggregation.
    for (;;) {
      if (peek()?.startsWith('[')) take();
      else if (peek() === 'offset') skip(2);
      else if (peek() === '@') {
        take();
        take(); // a timestamp, start() or end()
        if (peek() === '(') skip(2);
      } else return node;
    }
  };
  function primary(): Node {
    const tok = take();
    if (tok === '(') {
      const inner = binary(0);
      take(')');
      return postfix(inner);
    }
    if (tok === '-' || tok === '+') return { kind: 'unary', operand: primary() };
    if (/^[0-9.]/.test(tok)) return { kind: 'number' };
    if (/^["']/.test(tok)) return { kind: 'string' };
    if (tok.startsWith('{')) return postfix({ kind: 'selector', name: '' });
    if (AGGREGATIONS.has(tok) && (peek() === '(' || peek() === 'by' || peek() === 'without')) {
      const node: Extract<Node, { kind: 'aggregation' }> = { kind: 'aggregation', op: tok, args: [] };
      const grouping = () => {
        if (peek() === 'by') {
          take();
          node.by = labelList();
        } else if (peek() === 'without') {
          take();
          node.without = labelList();
        }
      };
      grouping();
      node.args = args();
      grouping();
      return node;
    }
    if (peek() === '(') return postfix({ kind: 'call', fn: tok, args: args() });
    if (peek()?.startsWith('{')) take();
    return postfix({ kind: 'selector', name: tok });
  }
  function binary(level: number): Node {
    if (level === LEVELS.length) return primary();
    let left = binary(level + 1);
    while (peek() !== undefined && LEVELS[level]!.includes(peek()!)) {
      const op = take();
      if (peek() === 'bool') take();
      if (peek() === 'on' || peek() === 'ignoring') {
        take();
        labelList();
      }
      if (peek() === 'group_left' || peek() === 'group_right') {
        take();
        if (peek() === '(') labelList();
      }
      // ^ is right-associative; the rest are left-associative.
      const right = op === '^' ? binary(level) : binary(level + 1);
      left = { kind: 'binary', op, left, right };
    }
    return left;
  }
  const node = binary(0);
  if (i !== t.length) throw new Error(`unparsed tail "${t.slice(i).join(' ')}" in ${expr}`);
  return node;
}

/** Whether a node is one value per group across all shards (never one per instance). */
function summedOverInstances(node: Node): boolean {
  switch (node.kind) {
    case 'number':
    case 'string':
      return true;
    case 'selector':
      // Recorded series are aggregated (by job and other labels) when recorded; raw ones are per instance.
      return node.name.includes(':');
    case 'aggregation':
      if (node.by) return !node.by.includes('instance');
      if (node.without) return node.without.includes('instance');
      return true;
    case 'call':
      if (['time', 'vector', 'scalar', 'pi'].includes(node.fn)) return true;
      return node.args.filter((a) => a.kind !== 'number' && a.kind !== 'string').every(summedOverInstances);
    case 'binary':
      return summedOverInstances(node.left) && summedOverInstances(node.right);
    case 'unary':
      return summedOverInstances(node.operand);
  }
}

function divisionsNotSummed(node: Node, found: string[] = []): string[] {
  if (node.kind === 'binary') {
    if (node.op === '/' && !(summedOverInstances(node.left) && summedOverInstances(node.right)))
      found.push(`${summedOverInstances(node.left) ? 'denominator' : 'numerator'} is per instance`);
    divisionsNotSummed(node.left, found);
    divisionsNotSummed(node.right, found);
  } else if (node.kind === 'aggregation' || node.kind === 'call')
    node.args.forEach((a) => divisionsNotSummed(a, found));
  else if (node.kind === 'unary') divisionsNotSummed(node.operand, found);
  return found;
}

interface Expression {
  where: string;
  expr: string;
}

function ruleExpressions(): Expression[] {
  const dir = join(root, 'provisioning', 'prometheus', 'rules');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yml'))
    .flatMap((file) => {
      const doc = parseYaml(readFileSync(join(dir, file), 'utf8')) as {
        groups: { rules: { record?: string; alert?: string; expr: string }[] }[];
      };
      return doc.groups.flatMap((g) => g.rules.map((r) => ({ where: `${file} ${r.record ?? r.alert}`, expr: r.expr })));
    });
}

function dashboardExpressions(): Expression[] {
  const dir = join(root, 'src', 'dashboards');
  const out: Expression[] = [];
  const walk = (value: unknown, file: string, title: string) => {
    if (Array.isArray(value)) value.forEach((v) => walk(v, file, title));
    else if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      const here = typeof o.title === 'string' ? o.title : title;
      if (typeof o.expr === 'string' && o.expr.trim())
        out.push({ where: `${file} "${here}" ${String(o.refId ?? '')}`, expr: o.expr });
      for (const v of Object.values(o)) walk(v, file, here);
    }
  };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')))
    walk(JSON.parse(readFileSync(join(dir, file), 'utf8')), file, '');
  return out;
}

test('the parser sees precedence: 1 - sum(a) / max(b) divides two aggregations', () => {
  assert.deepEqual(divisionsNotSummed(parse('1 - sum(rate(a[5m])) / max(b)')), []);
  assert.deepEqual(divisionsNotSummed(parse('sum(a) / b + 1')), ['denominator is per instance']);
  assert.deepEqual(divisionsNotSummed(parse('rate(a[1m]) / on (x) group_left sum(b)')), ['numerator is per instance']);
  assert.deepEqual(divisionsNotSummed(parse('sum by (instance) (a) / sum(b)')), ['numerator is per instance']);
  assert.deepEqual(
    divisionsNotSummed(parse('sort_desc((sum by (cdn) (a) or sum by (cdn) (b) * 0) / sum by (cdn) (b))')),
    []
  );
  assert.deepEqual(divisionsNotSummed(parse('max by (t) (job:x:ratio{t=~"$t"}) / 0.005')), []);
});

const all = [...ruleExpressions(), ...dashboardExpressions()];

test('every rule and dashboard expression parses', () => {
  assert.ok(all.length > 30, `${all.length} expressions`);
  const failures = all.flatMap(({ where, expr }) => {
    try {
      parse(expr);
      return [];
    } catch (error) {
      return [`${where}: ${(error as Error).message}`];
    }
  });
  assert.deepEqual(failures, []);
});

function divisions(node: Node): number {
  if (node.kind === 'binary') return (node.op === '/' ? 1 : 0) + divisions(node.left) + divisions(node.right);
  if (node.kind === 'aggregation' || node.kind === 'call') return node.args.reduce((a, n) => a + divisions(n), 0);
  return node.kind === 'unary' ? divisions(node.operand) : 0;
}

test('every division in the rules and dashboards divides sums over instances', (t) => {
  const count = all.reduce((a, e) => a + divisions(parse(e.expr)), 0);
  t.diagnostic(`${count} divisions in ${all.length} expressions`);
  assert.ok(count >= 20, `only ${count} divisions found: is the parser reading the expressions?`);
  const offenders = all.flatMap(({ where, expr }) =>
    divisionsNotSummed(parse(expr)).map((why) => `${where}: ${why}: ${expr}`)
  );
  assert.deepEqual(offenders, []);
});
