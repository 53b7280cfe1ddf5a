"""The import graph of ``vc_led``, read from the sources with :mod:`ast` (every import:
top-level, deferred inside functions and under ``TYPE_CHECKING``), and its cycles.

Run it as a script to print the cycles (``python tests/unit/_graph.py``).
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

__all__ = ["ROOT", "cycles", "import_graph", "imported_names", "module_files"]

ROOT = Path(__file__).resolve().parent.parent.parent
_LOADERS = {"import_module", "__import__", "find_spec"}


def module_files(package: str = "vc_led") -> dict[str, Path]:
    """Dotted module name -> source file, for every module of ``package``."""
    files: dict[str, Path] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        files[".".join(parts)] = path
    return files


def imported_names(module: str, path: Path) -> Iterator[str]:
    """Every module name ``module`` imports (absolute; ``from X import y`` yields ``X`` and
    ``X.y``), and every string literal it hands to ``import_module``/``__import__``/
    ``find_spec``."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            yield target
            yield from (f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in _LOADERS and node.args and isinstance(node.args[0], ast.Constant):
                if isinstance(node.args[0].value, str):
                    yield node.args[0].value


def import_graph(package: str = "vc_led") -> dict[str, set[str]]:
    """Module -> the modules of ``package`` it imports (edges to its own parent packages are
    left out: Python loads those first anyway)."""
    files = module_files(package)
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        graph[module] = {
            name
            for name in imported_names(module, path)
            if name in files and name != module and not module.startswith(name + ".")
        }
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        while work:
            node, edges = work[-1]
            step = next(edges, None)
            if step is not None:
                if step not in index:
                    index[step] = low[step] = len(index)
                    stack.append(step)
                    work.append((step, iter(sorted(graph[step]))))
                elif step in stack:
                    low[node] = min(low[node], index[step])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found, key=lambda c: (-len(c), c))


if __name__ == "__main__":
    g = import_graph()
    print(f"{len(g)} modules, {sum(len(e) for e in g.values())} edges")
    for c in cycles(g):
        print(f"cycle of {len(c)}: {', '.join(c)}")
    sys.exit(0)
