"""The shape of the code, read with ``ast``: no import cycle at run time, short functions, no closure routes.

- No cycle of imports at run time inside ``src/sharing_rules/``: an import under ``if TYPE_CHECKING:`` is
  for type checkers only and does not count; an import inside a function does (it runs when called).
- No function or method in ``src/`` over 80 lines (its decorators included).
- No route handler defined inside another function (a closure): every route is a module-level function
  of a module-level router, so that it can be named, imported and tested.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "sharing_rules"
LONGEST = 80
_ROUTING = {
    "get", "post", "put", "patch", "delete", "head", "options", "api_route", "route", "websocket",
    "exception_handler", "middleware",
}  # fmt: skip
"""Decorators that make a function a handler of a FastAPI or Starlette application or router."""
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking(test: ast.expr) -> bool:
    return ast.unparse(test).split(".")[-1] == "TYPE_CHECKING"


def _run_time_imports(tree: ast.Module, module: str, is_package: bool) -> set[str]:
    """Every module an import statement names that runs at run time (not under ``if TYPE_CHECKING:``)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child.test):
                for statement in child.orelse:
                    visit_statement(statement)
                continue
            visit_statement(child)

    def visit_statement(child: ast.AST) -> None:
        if isinstance(child, ast.Import):
            found.update(alias.name for alias in child.names)
        elif isinstance(child, ast.ImportFrom):
            base = module.split(".") if is_package else module.split(".")[:-1]
            if child.level:
                base = base[: len(base) - (child.level - 1)]
                target = ".".join([*base, *([child.module] if child.module else [])])
            else:
                target = child.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in child.names)  # a module imported by name
        visit(child)

    visit(tree)
    return found


def _import_graph() -> dict[str, set[str]]:
    paths = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = _run_time_imports(tree, name, path.name == "__init__.py")
        graph[name] = {target for target in imported if target in paths and target != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def strong(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                strong(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            strong(node)
    return found


def _functions() -> Iterator[tuple[Path, ast.FunctionDef | ast.AsyncFunctionDef, list[str]]]:
    """Every function of ``src/``, with the names of the functions it is defined in."""

    def walk(
        node: ast.AST, path: Path, outer: list[str]
    ) -> Iterator[tuple[Path, ast.FunctionDef | ast.AsyncFunctionDef, list[str]]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, _FUNCTIONS):
                yield path, child, outer
                yield from walk(child, path, [*outer, child.name])
            else:
                yield from walk(child, path, outer)

    for path in sorted(SRC.rglob("*.py")):
        yield from walk(ast.parse(path.read_text(encoding="utf-8")), path, [])


def test_no_import_cycle_at_run_time() -> None:
    """No modules of the package import each other in a loop at run time (type-only imports aside)."""
    graph = _import_graph()
    assert "sharing_rules._service._app" in graph  # the service is read too
    assert _cycles(graph) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    """The check bites: two modules importing each other, one inside a function, are a cycle."""
    graph = {"a": {"b"}, "b": {"a"}, "c": {"a"}}
    assert _cycles(graph) == [["a", "b"]]
    tree = ast.parse("def f():\n    from a import x\nif TYPE_CHECKING:\n    import c\n")
    assert _run_time_imports(tree, "b", is_package=False) == {"a", "a.x"}


def test_no_function_is_longer_than_80_lines() -> None:
    """Every function and method in src/ fits in 80 lines, its decorators included."""
    long = []
    for path, function, _ in _functions():
        start = min([decorator.lineno for decorator in function.decorator_list] + [function.lineno])
        lines = (function.end_lineno or function.lineno) - start + 1
        if lines > LONGEST:
            long.append(f"{path.relative_to(SRC)}:{function.lineno} {function.name} ({lines} lines)")
    assert long == []


def test_no_route_handler_is_a_closure() -> None:
    """Routes and exception handlers are module-level functions, never defined inside another function."""
    closures = []
    for path, function, outer in _functions():
        for decorator in function.decorator_list:
            called = decorator.func if isinstance(decorator, ast.Call) else decorator
            if outer and isinstance(called, ast.Attribute) and called.attr in _ROUTING:
                closures.append(f"{path.relative_to(SRC)}: {'.'.join(outer)}.{function.name}")
    assert closures == []
