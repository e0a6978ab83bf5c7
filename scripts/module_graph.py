"""The import graph of kkdocs: each module's layer, any import cycle, and any stage that imports a later one.

    .venv/bin/python scripts/module_graph.py [--root kkdocs] [--dot FILE]

A module's layer is the length of its longest chain of imports down to a module that imports
nothing of kkdocs (layer 0), so every module imports only from lower layers; a cycle is named
and its modules share a layer. Imports inside functions (made late, to keep start-up fast) and
under `if TYPE_CHECKING:` are counted too: they are dependencies all the same, the one for the
program and the other for a type checker.

The sub-packages are the pipeline's stages, in the order of STAGES. A stage may import from
earlier stages and from the foundations (the modules directly in kkdocs/ that import no stage);
the other modules directly in kkdocs/ are the edge (the commands), which may import anything.
The script names every import against that order and exits 1 when there is one, or a cycle. `--dot` also writes the graph for Graphviz.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, package: str, known: set[str]) -> set[str]:
    """The kkdocs modules `path` imports, anywhere in the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        found |= {name for name in names if name in known and name.startswith(package)}
    return found


def graph(root: Path) -> dict[str, set[str]]:
    files = {module_name(p, root): p for p in sorted(root.rglob("*.py")) if "__pycache__" not in p.parts}
    known = set(files)
    edges = {name: imports(path, root.name, known) - {name} for name, path in files.items()}
    for name in edges:  # importing a.b.c runs a and a.b first; a package is not its own dependency
        edges[name] = {target for target in edges[name] if not name.startswith(target + ".")}
    edges.pop(root.name, None)
    for targets in edges.values():
        targets.discard(root.name)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10000)
    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def layers(edges: dict[str, set[str]], groups: list[list[str]]) -> dict[str, int]:
    group_of = {member: tuple(group) for group in groups for member in group}
    depth: dict[str, int] = {}

    def layer(node: str) -> int:
        if node in depth:
            return depth[node]
        members = group_of.get(node, (node,))
        for member in members:
            depth[member] = 0  # a cycle's members wait for each other
        below = [layer(t) for m in members for t in edges.get(m, ()) if t not in members]
        for member in members:
            depth[member] = 1 + max(below) if below else 0
        return depth[node]

    for node in sorted(edges):
        layer(node)
    return depth


STAGES = ("source", "case", "figures", "checks", "documents", "word_import", "case_types", "pdf", "assembly", "batch")


def stage_problems(edges: dict[str, set[str]], package: str) -> list[str]:
    """Imports from a later stage, or from an edge module, by a module of a stage."""
    def stage(name: str) -> str | None:
        parts = name.split(".")
        return parts[1] if len(parts) > 2 or parts[1] in STAGES else None

    edge = {name for name, targets in edges.items() if stage(name) is None and any(stage(t) for t in targets)}
    problems = []
    for source in sorted(edges):
        own = stage(source)
        if own is None:
            continue
        for target in sorted(edges[source]):
            other = stage(target)
            if (other is None and target in edge) or (other is not None and STAGES.index(other) > STAGES.index(own)):
                problems.append(f"{source.removeprefix(package + '.')} ({own}) imports "
                                f"{target.removeprefix(package + '.')} ({other or 'edge'})")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent / "kkdocs")
    parser.add_argument("--dot", type=Path)
    args = parser.parse_args()
    edges = graph(args.root)
    groups = cycles(edges)
    depth = layers(edges, groups)
    prefix = args.root.name + "."
    for level in range(max(depth.values()) + 1):
        names = sorted(name.removeprefix(prefix) for name, d in depth.items() if d == level)
        print(f"{level:2}: {' '.join(names)}")
    problems = stage_problems(edges, args.root.name)
    for problem in problems:
        print(f"against the stage order: {problem}")
    print(f"{len(edges)} modules, {sum(map(len, edges.values()))} imports, "
          f"{len(groups)} cycle(s){': ' if groups else ''}{'; '.join(' ↔ '.join(g) for g in groups)}, "
          f"{len(problems)} import(s) against the stage order")
    if args.dot:
        lines = ["digraph kkdocs {", "  rankdir=BT;"]
        lines += [f'  "{a.removeprefix(prefix)}" -> "{b.removeprefix(prefix)}";'
                  for a in sorted(edges) for b in sorted(edges[a])]
        args.dot.write_text("\n".join(lines + ["}"]) + "\n", encoding="utf-8")
    return 1 if groups or problems else 0


if __name__ == "__main__":
    sys.exit(main())
