"""Fail when the addon grows a file or a function too long to review.

Two limits, checked with ``ast`` (standard library only):

- a file under ``fleet_aftersales/models/`` has at most MAX_MODEL_FILE_LINES lines;
- a function or method anywhere in the addon's Python (``tests/`` excluded) has at most
  MAX_FUNCTION_LINES lines, counted from its ``def`` line to its last line (decorators
  not included, nested functions counted on their own as well as in their parent).

Every offender is listed as ``path:line: name has N lines (max M)`` and the exit status
is 1; with none the status is 0. Run by scripts/lint.sh, hence by ``make lint`` and CI.

Usage: check_shape.py [ADDON_DIR]   (default: fleet_aftersales next to this script)
"""

import ast
import pathlib
import sys

MAX_MODEL_FILE_LINES = 600
MAX_FUNCTION_LINES = 50
EXCLUDED_DIRS = {"tests", "__pycache__"}


def _functions(tree):
    """Yield ``(qualified_name, node)`` for every function of a module, nested ones too."""
    stack = [("", tree)]
    while stack:
        prefix, node = stack.pop()
        for child in ast.iter_child_nodes(node):
            name = getattr(child, "name", None)
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                yield prefix + name, child
                stack.append((f"{prefix}{name}.", child))
            elif isinstance(child, ast.ClassDef):
                stack.append((f"{prefix}{name}.", child))
            else:
                stack.append((prefix, child))


def check_file(path, rel, is_model):
    """The offences of one file, as ``(line, message)`` pairs."""
    source = path.read_text(encoding="utf-8")
    offences = []
    line_count = len(source.splitlines())
    if is_model and line_count > MAX_MODEL_FILE_LINES:
        offences.append((1, f"file has {line_count} lines (max {MAX_MODEL_FILE_LINES})"))
    for name, node in _functions(ast.parse(source, filename=str(rel))):
        length = node.end_lineno - node.lineno + 1
        if length > MAX_FUNCTION_LINES:
            offences.append((node.lineno, f"{name} has {length} lines (max {MAX_FUNCTION_LINES})"))
    return sorted(offences)


def check(addon):
    """All offences under ``addon``, as ``path:line: message`` strings."""
    report = []
    root = addon.parent
    for path in sorted(addon.rglob("*.py")):
        rel = path.relative_to(root)
        if EXCLUDED_DIRS & set(path.relative_to(addon).parts):
            continue
        is_model = path.relative_to(addon).parts[0] == "models"
        report += [f"{rel}:{line}: {msg}" for line, msg in check_file(path, rel, is_model)]
    return report


def main(argv):
    addon = (
        pathlib.Path(argv[0]) if argv else pathlib.Path(__file__).parents[1] / "fleet_aftersales"
    )
    offenders = check(addon.resolve())
    for line in offenders:
        print(line)
    if offenders:
        print(
            f"check_shape: {len(offenders)} offender(s): split them "
            f"(files under models/ <= {MAX_MODEL_FILE_LINES} lines, "
            f"functions <= {MAX_FUNCTION_LINES} lines)."
        )
        return 1
    print("check_shape: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
