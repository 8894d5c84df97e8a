// No import circles in the code we write: a module that imports one that imports it back (the
// counter router and its screens, the supervisor app and its tabs, offices and tickets once) has
// no clear owner. Relative imports of every kind count, type-only and lazy ones too, as madge
// counts them (`npx madge --circular --extensions ts,tsx server web counter booking display`).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const FOLDERS = ['server', 'web', 'counter', 'booking', 'display'];

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourcesUnder(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The relative specifiers a file imports: static, re-exported, side-effect and dynamic. */
function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
  const found = [
    ...code.matchAll(/\bfrom\s*['"]([^'"]+)['"]/g),
    ...code.matchAll(/\bimport\s*['"]([^'"]+)['"]/g),
    ...code.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
  ];
  return found.map((m) => m[1]!).filter((s) => s.startsWith('.'));
}

/** The file a relative specifier names, or null for what is not TypeScript (CSS, assets). */
function resolveImport(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (/\.tsx?$/.test(candidate) && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Every file reachable from the folders' sources, with the files it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const todo = FOLDERS.flatMap((f) => sourcesUnder(join(root, f)));
  while (todo.length) {
    const file = todo.pop()!;
    if (graph.has(file)) continue;
    const deps = importsOf(readFileSync(file, 'utf8'))
      .map((spec) => resolveImport(file, spec))
      .filter((d): d is string => d !== null);
    graph.set(file, deps);
    todo.push(...deps);
  }
  return graph;
}

/** The strongly connected components of more than one file (or a file importing itself). */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('import graph', () => {
  it('reads every kind of relative import, and only those', () => {
    const source = [
      "import { a } from './a';",
      "import type { B } from '../b';",
      'import {\n  c,\n  d,\n} from "./cd";',
      "export { e } from './e';",
      "import './style.css';",
      "const F = lazy(() => import('./f'));",
      "import { g } from 'solid-js';",
      "// import { h } from './h';",
      "/* import { i } from './i'; */",
    ].join('\n');
    expect(importsOf(source).sort()).toEqual(['../b', './a', './cd', './e', './f', './style.css']);
  });

  it('finds a circle, and files that only share a dependency are none', () => {
    const graph = new Map([
      ['router', ['terminal', 'text']],
      ['terminal', ['router', 'text']],
      ['text', []],
      ['admin', ['text']],
    ]);
    expect(cycles(graph)).toEqual([['router', 'terminal']]);
  });

  it(`has no circle in ${FOLDERS.join('/, ')}/`, () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(100);
    const named = cycles(graph).map((c) => c.map((f) => relative(root, f)).join(' <-> '));
    expect(named).toEqual([]);
  });
});
